/**
 * Which credentials go where: the only code that turns a token into an {@link Authorization}
 * (which `authorizedFetch` then attaches for its one origin, and nowhere else).
 *
 * The rules (docs/security.md, "Tokens"):
 * - An OpenWork client token (`Bearer`) goes to the paired OpenWork host's origin only: its own
 *   routes and its `/w/:id/opencode` proxy. Never to an engine URL the host reports, even on the
 *   same hostname (another port is another origin).
 * - The OpenWork host token (`X-OpenWork-Host-Token`) goes to the host's origin only, and only on
 *   owner routes (`/approvals`).
 * - An OpenCode password (`Basic`) goes to the paired OpenCode server's origin only.
 * - Nothing goes into a URL: no `?auth_token=`, no `user:pass@`.
 */
import { basicAuthHeader, bearerAuthHeader, type Authorization } from './http';
import type { HostCredentials, HostKind, OpencodeTarget } from './types';

/** Default OpenCode basic-auth user (`OPENCODE_SERVER_USERNAME` defaults to `opencode`). */
export const DEFAULT_OPENCODE_USERNAME = 'opencode';

/** What deciding about a host's credentials needs: the fields of a `PairedHost` that matter. */
export interface HostAuthInput {
  /** The paired URL: its origin is the only one the credentials belong to. */
  url: string;
  kind: HostKind;
  opencode: OpencodeTarget;
  credentials: HostCredentials;
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    // Not a URL: no origin, so no credentials for it.
    return undefined;
  }
}

/**
 * The Authorization for a host's OpenCode target (SDK calls and the event stream):
 * - OpenWork host, target on the host's origin with `auth: 'bearer'` (its proxy): `Bearer <token>`.
 * - Direct OpenCode, target on the paired origin with `auth: 'basic'`: `Basic user:password`.
 * - Anything else (no token, `auth: 'none'`, a target on another origin, a scheme that does not
 *   match the kind): undefined, so nothing is sent. The host token is never sent to OpenCode.
 */
export function opencodeAuthorization(host: HostAuthInput): Authorization | undefined {
  const { token, username } = host.credentials;
  if (!token || host.opencode.auth === 'none') return undefined;
  const origin = originOf(host.opencode.baseUrl);
  if (!origin || origin !== originOf(host.url)) return undefined;
  if (host.opencode.auth === 'bearer' && host.kind === 'openwork') return { origin, header: bearerAuthHeader(token) };
  if (host.opencode.auth === 'basic' && host.kind === 'opencode')
    return { origin, header: basicAuthHeader(username || DEFAULT_OPENCODE_USERNAME, token) };
  return undefined;
}

/**
 * The Authorization for an OpenWork host's own routes (`/workspaces`, `/capabilities`, files,
 * skills, …): `Bearer <token>` for the host's origin; with `owner`, also the host token
 * (`X-OpenWork-Host-Token`) when the user paired with one.
 */
export function openworkAuthorization(
  hostUrl: string,
  credentials: HostCredentials,
  options: { owner?: boolean } = {},
): Authorization | undefined {
  const origin = originOf(hostUrl);
  const hostToken = options.owner ? credentials.hostToken : undefined;
  if (!origin || (!credentials.token && !hostToken)) return undefined;
  return {
    origin,
    ...(credentials.token ? { header: bearerAuthHeader(credentials.token) } : {}),
    ...(hostToken ? { hostToken } : {}),
  };
}

/** The Basic Authorization for a direct OpenCode server at `baseUrl` (the probe's `/global/health`). */
export function opencodeBasicAuthorization(baseUrl: string, credentials: HostCredentials): Authorization | undefined {
  const origin = originOf(baseUrl);
  if (!origin || !credentials.token) return undefined;
  return { origin, header: basicAuthHeader(credentials.username || DEFAULT_OPENCODE_USERNAME, credentials.token) };
}
