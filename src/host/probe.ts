/**
 * The probe: classifies what answers at a URL the user typed, with the evidence it used.
 *
 * - OpenWork host: `GET /health` answers JSON with `ok === true`. A plain OpenCode server answers
 *   `/health` with its web UI (`200 text/html`), so only an OpenWork host passes this check. Then
 *   `GET /workspaces` with the bearer token picks the workspace, and `GET /capabilities` tells
 *   whether the host proxies OpenCode at `/w/:id/opencode`.
 * - Direct OpenCode: anything else at `/health` falls back to `GET /global/health`, which an
 *   OpenCode server answers with `{healthy: true, version}`.
 * - Neither: a {@link HostError} naming the failing check and the next step.
 *
 * Reading the workspace list and choosing a workspace's OpenCode address live in
 * `workspace-target.ts`; this file only decides what kind of server answers.
 */
import { opencodeAuthorization, opencodeBasicAuthorization, openworkAuthorization } from './auth';
import { isRecord, nonEmptyString } from '@/lib/guards';
import { HostError, webPageTitle } from './errors';
import { attempt, authorizedFetch, errorForStatus, type Attempt } from './http';
import type { HostCredentials, OpencodeTarget, WorkspaceSummary } from './types';
import { isMixedContent, joinUrl, parseHostUrl } from './url';
import { opencodeTargetFor, parseWorkspaces } from './workspace-target';

/** What the user entered to pair. */
export interface ProbeInput {
  url: string;
  credentials?: HostCredentials;
  /** Direct OpenCode only: the project directory to open (default: the server's own). */
  directory?: string;
  /** OpenWork only: which workspace to use (default: the host's active one). */
  workspaceId?: string;
}

/** Knobs for tests and special pages. */
export interface ProbeOptions {
  fetch?: typeof fetch;
  /** `location.protocol` of the page, for the mixed-content check. */
  pageProtocol?: string;
  /** `location.origin` of the page, named in the CORS advice. */
  pageOrigin?: string;
  /** Per-request timeout in ms (default 5000). */
  timeoutMs?: number;
}

/** One request the probe made and what it concluded from the answer. */
export interface ProbeStep {
  request: string;
  outcome: string;
}

interface ProbeSuccessBase {
  ok: true;
  /** Normalised paired URL. */
  url: string;
  version?: string;
  /** One sentence: why this kind. */
  reason: string;
  evidence: ProbeStep[];
  opencode: OpencodeTarget;
}

/** An OpenWork host: its workspaces, the one chosen (always one) and its `/capabilities` body. */
export interface OpenworkProbeSuccess extends ProbeSuccessBase {
  kind: 'openwork';
  workspaces: WorkspaceSummary[];
  workspace: WorkspaceSummary;
  /** The raw `/capabilities` body, when the host has that route. */
  capabilities?: Record<string, unknown>;
}

/** A direct OpenCode server. */
export interface OpencodeProbeSuccess extends ProbeSuccessBase {
  kind: 'opencode';
}

/** A host the probe recognised, by kind. */
export type ProbeSuccess = OpenworkProbeSuccess | OpencodeProbeSuccess;

/** Nothing usable answered: the error says which check failed and what to do. */
export interface ProbeFailure {
  ok: false;
  error: HostError;
  evidence: ProbeStep[];
}

export type ProbeResult = ProbeSuccess | ProbeFailure;

function describeAttempt(result: Attempt): string {
  switch (result.type) {
    case 'timeout':
      return 'timed out';
    case 'aborted':
      return 'cancelled';
    case 'network':
      return 'network error (unreachable, CORS or TLS)';
    case 'redirect':
      return `redirect ${result.status || ''}${result.location ? ` to ${result.location}` : ''} (not followed)`.replace(
        '  ',
        ' ',
      );
    case 'response': {
      const type = result.contentType.split(';')[0] || 'no content type';
      return `${result.status} ${type}`;
    }
  }
}

/**
 * Classifies the server at `input.url`. Never throws: every outcome is a {@link ProbeResult}.
 * Sends at most: `/health`, then `/global/health` (OpenCode; `/api/health` when that is not
 * healthy, to recognise OpenCode 2) or `/workspaces`, `/capabilities` and the engine's
 * `/global/health` (OpenWork), plus one `no-cors` request to tell CORS from an unreachable host.
 */
export async function probe(input: ProbeInput, options: ProbeOptions = {}): Promise<ProbeResult> {
  const evidence: ProbeStep[] = [];
  const fetchImpl = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  const timeoutMs = options.timeoutMs ?? 5000;
  const pageOrigin = options.pageOrigin ?? (typeof location !== 'undefined' ? location.origin : 'this app');
  const pageProtocol = options.pageProtocol ?? (typeof location !== 'undefined' ? location.protocol : 'http:');
  const credentials = input.credentials ?? {};
  const fail = (error: HostError): ProbeFailure => ({ ok: false, error, evidence });

  let base: string;
  let workspaceHint = input.workspaceId;
  try {
    const parsed = parseHostUrl(input.url);
    base = parsed.base;
    workspaceHint ??= parsed.workspaceId;
  } catch (error) {
    return fail(error as HostError);
  }
  if (isMixedContent(pageProtocol, base)) {
    return fail(
      new HostError(
        'mixed-content',
        `This app is served over https but ${base} is http, and browsers block that (mixed content).`,
        'Serve the host over https (for example behind a reverse proxy or Tailscale Serve), or open this app over http on the same network.',
      ),
    );
  }

  const step = async (
    label: string,
    url: string,
    init: RequestInit = {},
    via: typeof fetch = fetchImpl,
  ): Promise<Attempt> => {
    const result = await attempt(via, url, { ...init, timeoutMs });
    evidence.push({ request: label, outcome: describeAttempt(result) });
    return result;
  };

  const health = await step('GET /health', joinUrl(base, '/health'), { headers: { accept: 'application/json' } });
  if (health.type === 'redirect') return fail(redirectedProbe(base, '/health', health.location));
  if (health.type === 'response' && health.isJson && isRecord(health.json) && health.json.ok === true) {
    return probeOpenwork(health.json, {
      base,
      credentials,
      workspaceHint,
      step,
      fetch: fetchImpl,
      pageOrigin,
      fail,
      evidence,
    });
  }

  const global = await step(
    'GET /global/health',
    joinUrl(base, '/global/health'),
    { headers: { accept: 'application/json' } },
    authorizedFetch(opencodeBasicAuthorization(base, credentials), fetchImpl),
  );
  // authorizedFetch refused to send the password (a redirect): its message says why.
  if (global.type === 'network' && global.error instanceof HostError) return fail(global.error);
  if (global.type === 'redirect') return fail(redirectedProbe(base, '/global/health', global.location));
  if (global.type === 'response') {
    if (global.status === 401) {
      return fail(
        new HostError(
          'unauthorized',
          credentials.token
            ? 'The OpenCode server did not accept the password (GET /global/health answered 401).'
            : 'This OpenCode server needs a password (GET /global/health answered 401).',
          'Enter the server password (OPENCODE_SERVER_PASSWORD) in the token field; the user name defaults to "opencode".',
          { status: 401 },
        ),
      );
    }
    if (isRecord(global.json) && global.json.healthy === true) {
      const version = nonEmptyString(global.json.version);
      if (version && isOpencode2(version))
        return fail(opencode2Error(base, `GET /global/health reports version ${version}`));
      const directory = input.directory?.trim();
      const healthSaid =
        health.type === 'response'
          ? `/health answered ${describeAttempt(health)}, not OpenWork JSON`
          : `/health ${describeAttempt(health)}`;
      return {
        ok: true,
        kind: 'opencode',
        url: base,
        ...(version ? { version } : {}),
        reason: `Direct OpenCode: ${healthSaid}, and /global/health answered {healthy: true${version ? `, version ${version}` : ''}}.`,
        evidence,
        opencode: { baseUrl: base, auth: credentials.token ? 'basic' : 'none', ...(directory ? { directory } : {}) },
      };
    }
    if (global.status >= 500 || global.status === 403 || global.status === 429) {
      // The host's own words and the advice for its status (502: the proxy lost OpenCode; 429/503: wait).
      return fail(errorForStatus('GET /global/health', global.status, global.json ?? global.text, global.retryAfter));
    }
    // OpenCode 2 serves its new API under /api/* and may not answer /global/health at all.
    const api = await step(
      'GET /api/health',
      joinUrl(base, '/api/health'),
      { headers: { accept: 'application/json' } },
      authorizedFetch(opencodeBasicAuthorization(base, credentials), fetchImpl),
    );
    if (api.type === 'response' && isRecord(api.json) && api.json.healthy === true) {
      return fail(
        opencode2Error(
          base,
          `GET /api/health answered {healthy: true} while GET /global/health answered ${describeAttempt(global)}`,
        ),
      );
    }
    const page = global.status === 200 && !global.isJson ? webPageTitle(global.text, 80) : undefined;
    return fail(
      new HostError(
        'not-a-host',
        `${base} answered, but it is neither an OpenWork host (/health: ${describeAttempt(health)}) nor an OpenCode server (/global/health: ${describeAttempt(global)}${page ? `, a page titled “${page}”` : ''}).`,
        global.status === 200 && !global.isJson
          ? 'A web page answered instead of a host. If this network shows a sign-in page (hotel, café or guest Wi-Fi), open any website in a browser tab and sign in, then try again. Otherwise check the address and port: OpenWork hosts usually listen on 8787, OpenCode on 4096.'
          : 'Check the address and port: OpenWork hosts usually listen on 8787, OpenCode on 4096. A captive portal or proxy page also looks like this.',
        { status: global.status },
      ),
    );
  }
  if (health.type === 'timeout' || global.type === 'timeout') {
    return fail(
      new HostError(
        'timeout',
        `${base} did not answer within ${timeoutMs / 1000} s.`,
        'Check that the host is running and that this device is on a network that reaches it.',
      ),
    );
  }
  return fail(await classifyNetworkFailure(base, fetchImpl, pageOrigin, evidence, timeoutMs));
}

/** True for an OpenCode version of the 2.x line or later (`2.0.0`, `2.1.3-beta`, `10.0.0`). */
function isOpencode2(version: string): boolean {
  const major = Number(/^v?(\d+)\./.exec(version)?.[1]);
  return Number.isFinite(major) && major >= 2;
}

/**
 * An OpenCode 2 server: its server API (`/api/*`) intentionally breaks the OpenCode 1 routes this
 * app uses (`/session`, `/event`, `/permission`, …), so pairing would only fail later, screen by screen.
 */
function opencode2Error(base: string, evidence: string): HostError {
  return new HostError(
    'unsupported-version',
    `${base} is an OpenCode 2 server (${evidence}); this version of the app speaks the OpenCode 1 API.`,
    'Run an OpenCode 1.x server for this app (for example `npx opencode-ai@1 serve`), or update this app when it supports OpenCode 2.',
  );
}

/**
 * A fetch that fails with a TypeError hides why. A `no-cors` request that succeeds proves the
 * server is reachable, so the failure was CORS; if it fails too, the host is unreachable (or its
 * TLS certificate is not trusted, which the browser reports the same way).
 */
async function classifyNetworkFailure(
  base: string,
  fetchImpl: typeof fetch,
  pageOrigin: string,
  evidence: ProbeStep[],
  timeoutMs: number,
): Promise<HostError> {
  // `redirect: 'manual'` (attempt's default): a browser fails a CORS request whose redirect has no
  // CORS headers, which is what a captive portal sends; a no-cors request shows the redirect.
  const reach = await attempt(fetchImpl, joinUrl(base, '/global/health'), { mode: 'no-cors', timeoutMs });
  evidence.push({
    request: 'GET /global/health (no-cors reachability check)',
    outcome: reach.type === 'response' ? 'reachable' : describeAttempt(reach),
  });
  if (reach.type === 'redirect') return redirectedProbe(base, '/global/health', reach.location);
  if (reach.type === 'response') {
    return new HostError(
      'cors',
      `${base} is reachable but does not allow this app's origin (${pageOrigin}), so the browser blocked the answer (CORS).`,
      `Allow the origin on the server: start OpenCode with \`opencode serve --cors ${pageOrigin}\`, or an OpenWork host with \`--cors ${pageOrigin}\` (OPENWORK_CORS_ORIGINS).`,
    );
  }
  const tls = base.startsWith('https:')
    ? ' If it uses a self-signed certificate, open the URL once in a browser tab and trust it.'
    : '';
  return new HostError(
    'unreachable',
    `Could not reach ${base}.`,
    `Check the address, that the server is running and listening on a network address (not only 127.0.0.1), and that this device is on the same network.${tls}`,
  );
}

/**
 * A URL that answers with a redirect is not a host this app knows: OpenWork hosts and OpenCode
 * servers answer their health checks directly. The redirect is never followed, so no credential
 * goes to the address it names (a browser hides that address from a manual redirect anyway).
 */
function redirectedProbe(base: string, path: string, location: string | undefined): HostError {
  let target = '';
  if (location) {
    try {
      const to = new URL(location, base);
      target = to.origin === new URL(base).origin ? ` (to ${to.pathname})` : ` to ${to.origin}`;
    } catch {
      // An unparsable Location: say "a redirect" without naming it.
    }
  }
  return new HostError(
    'not-a-host',
    `${base} is not a known server: GET ${path} answered with a redirect${target} instead of a health check, and the app does not follow redirects.`,
    'If this network shows a sign-in page (hotel, café or guest Wi-Fi), open any website in a browser tab and sign in, then try again. If the server moved (for example to https://), pair with its new address.',
  );
}

/** What the OpenWork half of the probe needs from {@link probe}. */
interface OpenworkProbeContext {
  /** Normalised host URL, e.g. `http://192.168.1.20:8787`. */
  base: string;
  credentials: HostCredentials;
  /** The workspace the user asked for (input or URL), if any. */
  workspaceHint: string | undefined;
  /** Sends one request and records it in the evidence. */
  step: (label: string, url: string, init?: RequestInit, via?: typeof fetch) => Promise<Attempt>;
  /** The fetch every request goes through (tests pass their own). */
  fetch: typeof fetch;
  /** This app's origin, named in CORS advice. */
  pageOrigin: string;
  /** Ends the probe with this error and the evidence so far. */
  fail: (error: HostError) => ProbeFailure;
  /** The requests made so far, with what each concluded; `step` adds to it. */
  evidence: ProbeStep[];
}

/**
 * The probe of a server whose `/health` answered OpenWork's `{ok: true}`: lists its workspaces
 * with the token, picks one, reads `/capabilities` for the OpenCode proxy, and checks that
 * OpenCode answers healthy there.
 */
async function probeOpenwork(health: Record<string, unknown>, context: OpenworkProbeContext): Promise<ProbeResult> {
  const { base, credentials, workspaceHint, step, fetch: fetchImpl, pageOrigin, fail, evidence } = context;
  const version = nonEmptyString(health.version);
  if (!credentials.token) {
    return fail(
      new HostError(
        'unauthorized',
        `${base} is an OpenWork host (GET /health answered ok), and it needs a token.`,
        'Paste the client token shown in the OpenWork app (host mode → pairing), or open its pairing link.',
      ),
    );
  }
  const hostFetch = authorizedFetch(openworkAuthorization(base, credentials), fetchImpl);
  const headers = { accept: 'application/json' };
  const listed = await step('GET /workspaces', joinUrl(base, '/workspaces'), { headers }, hostFetch);
  if (listed.type === 'network' && listed.error instanceof HostError) return fail(listed.error);
  if (listed.type !== 'response') {
    return fail(
      listed.type === 'timeout'
        ? new HostError(
            'timeout',
            'The OpenWork host did not list its workspaces in time (GET /workspaces).',
            'Try again; if it persists, check the host.',
          )
        : new HostError(
            'cors',
            `The OpenWork host answered /health but GET /workspaces was blocked (CORS: the Authorization header or the origin ${pageOrigin} is not allowed).`,
            `Start the host with \`--cors ${pageOrigin}\` (or OPENWORK_CORS_ORIGINS).`,
          ),
    );
  }
  if (listed.status === 401)
    return fail(
      new HostError(
        'unauthorized',
        'The OpenWork host rejected the token (GET /workspaces answered 401).',
        'Check the token, or ask the host owner for a new one.',
        { status: 401, body: listed.json },
      ),
    );
  if (listed.status === 403)
    return fail(
      new HostError(
        'forbidden',
        'The token may not list workspaces (GET /workspaces answered 403).',
        'Ask the host owner for a collaborator or owner token.',
        { status: 403, body: listed.json },
      ),
    );
  if (listed.status !== 200 || !isRecord(listed.json)) {
    return fail(
      new HostError(
        'bad-response',
        `GET /workspaces answered ${describeAttempt(listed)}.`,
        'The host may be an unsupported version; check it is an OpenWork server.',
        { status: listed.status },
      ),
    );
  }
  const { items, activeId } = parseWorkspaces(listed.json);
  const workspace =
    (workspaceHint && items.find((w) => w.id === workspaceHint || w.id === `rem_${workspaceHint}`)) ||
    items.find((w) => w.id === activeId) ||
    items[0];
  if (workspaceHint && workspace?.id !== workspaceHint && workspace?.id !== `rem_${workspaceHint}`) {
    return fail(
      new HostError(
        'not-found',
        `The host has no workspace "${workspaceHint}".`,
        'Pair with the host URL alone to use its active workspace.',
      ),
    );
  }
  if (!workspace)
    return fail(
      new HostError(
        'not-found',
        'The OpenWork host has no workspaces.',
        'Add a workspace in the OpenWork app on the host, then pair again.',
      ),
    );

  const capsAnswer = await step('GET /capabilities', joinUrl(base, '/capabilities'), { headers }, hostFetch);
  const capabilities =
    capsAnswer.type === 'response' && capsAnswer.status === 200 && isRecord(capsAnswer.json)
      ? capsAnswer.json
      : undefined;
  const proxy = isRecord(capabilities?.proxy) && capabilities.proxy.opencode === true;

  const opencode = opencodeTargetFor(base, workspace, proxy);
  if (!opencode) {
    return fail(
      new HostError(
        'bad-response',
        `Workspace "${workspace.name}" has no OpenCode engine address, and the host has no OpenCode proxy.`,
        "Start the workspace's engine in the OpenWork app, then pair again.",
      ),
    );
  }
  const route = proxy
    ? `through the host's /w/${workspace.id}/opencode proxy`
    : `at the engine address ${opencode.baseUrl} the host reports (no proxy on this host)`;

  // The bearer token goes to the proxy (same origin as the host) and never to a bare engine URL.
  const engineFetch = authorizedFetch(
    opencodeAuthorization({ url: base, kind: 'openwork', opencode, credentials }),
    fetchImpl,
  );
  const enginePath = `${new URL(opencode.baseUrl).pathname.replace(/\/$/, '')}/global/health`;
  const engine = await step(`GET ${enginePath}`, joinUrl(opencode.baseUrl, '/global/health'), {}, engineFetch);
  const engineOk = engine.type === 'response' && isRecord(engine.json) && engine.json.healthy === true;
  if (!engineOk) {
    return fail(
      new HostError(
        engine.type === 'response' && engine.status === 401 ? 'unauthorized' : 'unreachable',
        `OpenWork host found, but its OpenCode engine ${route} did not answer healthy (${describeAttempt(engine)}).`,
        proxy
          ? 'Check that the workspace engine is running on the host.'
          : 'The host runs an older OpenWork without a proxy; the engine must be reachable from this device and allow this origin (opencode serve --cors).',
      ),
    );
  }
  return {
    ok: true,
    kind: 'openwork',
    url: base,
    ...(version ? { version } : {}),
    reason: `OpenWork host: GET /health answered JSON {ok: true${version ? `, version ${version}` : ''}}; workspace "${workspace.name}"; OpenCode reached ${route}.`,
    evidence,
    opencode,
    workspaces: items,
    workspace,
    ...(capabilities ? { capabilities } : {}),
  };
}
