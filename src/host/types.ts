/** Shared types of the host boundary. */

/** What is at a paired URL: an OpenWork host in front of OpenCode, or an OpenCode server itself. */
export type HostKind = 'openwork' | 'opencode';

/**
 * What the user gave us to authenticate.
 * - OpenWork: `token` is the client bearer token (`Authorization: Bearer <token>`).
 * - OpenCode: `token` is the server password (`OPENCODE_SERVER_PASSWORD`), sent as HTTP Basic with
 *   `username` (default `opencode`).
 */
export interface HostCredentials {
  token?: string;
  username?: string;
  /** OpenWork only: the host token (`X-OpenWork-Host-Token`), for owner mode (host approvals). */
  hostToken?: string;
}

/** Which Authorization scheme goes to the OpenCode address, if any. */
export type OpencodeAuth = 'bearer' | 'basic' | 'none';

/**
 * Where OpenCode is reached for a paired host.
 * - `baseUrl`: the OpenCode API root: the host's `/w/:id/opencode` proxy, an engine URL from
 *   `/workspaces`, or the paired URL itself for direct OpenCode.
 * - `directory`: sent as `?directory=` / `x-opencode-directory` (direct OpenCode only; an OpenWork
 *   proxy sets it itself).
 * - `auth`: the scheme sent, and only ever to `baseUrl`'s origin.
 */
export interface OpencodeTarget {
  baseUrl: string;
  directory?: string;
  auth: OpencodeAuth;
}

/** An OpenWork workspace as listed by `GET /workspaces` (the fields this app uses). */
export interface WorkspaceSummary {
  id: string;
  name: string;
  path?: string;
  directory?: string;
  /** The engine URL as the host sees it (often loopback). */
  engineUrl?: string;
}

interface PairedHostBase {
  /** Local id, stable for this device. */
  id: string;
  /** Display name chosen by the user or derived from the URL. */
  name: string;
  /** Normalised paired URL (no trailing slash). */
  url: string;
  /** One sentence saying why the app decided `kind` (the probe's evidence). */
  kindReason: string;
  credentials: HostCredentials;
  opencode: OpencodeTarget;
  /** Server version reported by the health check. */
  version?: string;
  /** Epoch ms. */
  pairedAt: number;
}

/** An OpenWork host, always pointed at one of its workspaces (`/workspace/:id/…` routes use it). */
export interface OpenworkPairedHost extends PairedHostBase {
  kind: 'openwork';
  workspaceId: string;
  workspaceName?: string;
}

/** A direct OpenCode server (no workspaces: `opencode.directory` names the project). */
export interface OpencodePairedHost extends PairedHostBase {
  kind: 'opencode';
  /** Never set: lets code read `host.workspaceId` (undefined) without narrowing first. */
  workspaceId?: undefined;
  workspaceName?: undefined;
}

/** A paired host as persisted on this device, by kind: narrowing on `kind` gives the workspace. */
export type PairedHost = OpenworkPairedHost | OpencodePairedHost;
