/**
 * URL rules for paired hosts: normalisation, the `/w/:id` workspace mount, loopback rewriting and
 * the mixed-content check. Pure functions, no I/O.
 */
import { HostError } from './errors';

/** A host URL split into its base and an optional workspace id from a trailing `/w/<id>`. */
export interface ParsedHostUrl {
  /** Origin plus path prefix, no trailing slash, e.g. `http://10.0.0.5:8787`. */
  base: string;
  /** The workspace id from a `/w/<id>` suffix, if the user pasted a mounted URL. */
  workspaceId?: string;
}

/**
 * Normalises what a user typed: trims, adds `http://` when no scheme, drops trailing slashes and
 * any query or hash, splits a trailing `/w/<id>` workspace mount.
 *
 * @throws {HostError} `invalid-url` when it is not an http(s) URL.
 */
export function parseHostUrl(input: string): ParsedHostUrl {
  const trimmed = input.trim();
  if (!trimmed)
    throw new HostError(
      'invalid-url',
      'The host URL is empty.',
      'Enter the address of your OpenWork host or OpenCode server, e.g. http://192.168.1.20:4096.',
    );
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new HostError(
      'invalid-url',
      `"${trimmed}" is not a valid URL.`,
      'Check for typos; a host URL looks like http://192.168.1.20:4096.',
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new HostError(
      'invalid-url',
      `"${url.protocol}" URLs are not supported.`,
      'Use an http:// or https:// address.',
    );
  }
  let path = url.pathname.replace(/\/+$/, '');
  let workspaceId: string | undefined;
  const mount = /\/w\/([^/]+)$/.exec(path);
  if (mount?.[1]) {
    workspaceId = decodeURIComponent(mount[1]);
    path = path.slice(0, mount.index);
  }
  const base = `${url.protocol}//${url.host}${path}`;
  return workspaceId ? { base, workspaceId } : { base };
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]', '0.0.0.0']);

/** True when the hostname names this machine (the host's own view, not reachable from a phone). */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK.has(hostname) || hostname.startsWith('127.');
}

/**
 * Replaces a loopback hostname (and its protocol) in `engineUrl` with the ones the user paired
 * with, keeping the port: the host reports its engine as `http://127.0.0.1:4096`, which a phone
 * reaches as `http://<paired host>:4096`. Non-loopback URLs are returned unchanged.
 */
export function replaceLoopback(engineUrl: string, pairedUrl: string): string {
  const engine = new URL(engineUrl);
  const paired = new URL(pairedUrl);
  if (!isLoopbackHost(engine.hostname) || isLoopbackHost(paired.hostname)) return engineUrl.replace(/\/+$/, '');
  engine.hostname = paired.hostname;
  engine.protocol = paired.protocol;
  return engine.toString().replace(/\/+$/, '');
}

/**
 * Browsers block an https page from calling an http host (mixed content), except for loopback
 * addresses, which count as potentially trustworthy.
 */
export function isMixedContent(pageProtocol: string, target: string): boolean {
  const url = new URL(target);
  return pageProtocol === 'https:' && url.protocol === 'http:' && !isLoopbackHost(url.hostname);
}

/** Joins a base URL and a path that starts with `/`. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}
