/**
 * Test helpers for an OpenWork host: a paired host, the host's error bodies (`{code, message,
 * details?}`), and a recorder of what the host received.
 */
import { HttpResponse, type JsonBodyType } from 'msw';
import type { OpenworkPairedHost } from '@/host';
import { buildHost } from './builders';

export const OPENWORK_URL = 'http://127.0.0.1:8787';
/** The OpenCode proxy of workspace `ws_1` on that host (`/w/:id/opencode`). */
export const OPENWORK_PROXY = `${OPENWORK_URL}/w/ws_1/opencode`;

/** A host paired as OpenWork with the client token, on workspace `ws_1` ("Main"). */
export function buildOpenworkHost(overrides: Partial<OpenworkPairedHost> = {}): OpenworkPairedHost {
  return buildHost({
    id: 'host_ow',
    name: 'Desk',
    kind: 'openwork',
    kindReason: 'OpenWork: test.',
    url: OPENWORK_URL,
    workspaceId: 'ws_1',
    workspaceName: 'Main',
    credentials: { token: 'client-token' },
    opencode: { baseUrl: OPENWORK_PROXY, auth: 'bearer' },
    ...overrides,
  });
}

/** An OpenWork error answer `{code, message, details?}`. */
export function openworkError(
  status: number,
  code: string,
  message = code,
  details?: Record<string, unknown>,
): HttpResponse<JsonBodyType> {
  return HttpResponse.json({ code, message, ...(details ? { details } : {}) }, { status });
}

/** What the host saw of one request. */
export interface SeenRequest {
  method: string;
  url: URL;
  headers: Headers;
  /** Parsed JSON body, `undefined` when there was none. */
  body: unknown;
}

/** Reads a request into a {@link SeenRequest}. */
export async function seen(request: Request): Promise<SeenRequest> {
  const text = await request.clone().text();
  return {
    method: request.method,
    url: new URL(request.url),
    headers: request.headers,
    body: text ? (JSON.parse(text) as unknown) : undefined,
  };
}

/** A promise with its resolve function, to hold a response open until the test lets it go. */
export function gate(): { promise: Promise<void>; release: () => void } {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
}
