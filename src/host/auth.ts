/** Which credentials go where: the only code that turns a token into a header. */
import { basicAuthHeader, bearerAuthHeader, type Authorization } from './http';
import type { HostCredentials, OpencodeTarget } from './types';

/** Default OpenCode basic-auth user (`OPENCODE_SERVER_USERNAME` defaults to `opencode`). */
export const DEFAULT_OPENCODE_USERNAME = 'opencode';

/**
 * The Authorization header for an OpenCode target and the one origin allowed to receive it:
 * `Bearer` for an OpenWork proxy, `Basic` for an OpenCode server with a password, none otherwise.
 */
export function authorizationFor(target: OpencodeTarget, credentials: HostCredentials): Authorization | undefined {
  if (!credentials.token || target.auth === 'none') return undefined;
  const origin = new URL(target.baseUrl).origin;
  if (target.auth === 'bearer') return { origin, header: bearerAuthHeader(credentials.token) };
  return { origin, header: basicAuthHeader(credentials.username || DEFAULT_OPENCODE_USERNAME, credentials.token) };
}

/** The bearer Authorization for OpenWork host routes (`/workspaces`, `/capabilities`, …). */
export function openworkAuthorization(hostUrl: string, credentials: HostCredentials): Authorization | undefined {
  if (!credentials.token) return undefined;
  return { origin: new URL(hostUrl).origin, header: bearerAuthHeader(credentials.token) };
}
