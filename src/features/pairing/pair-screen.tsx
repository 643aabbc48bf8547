/**
 * The pairing screen: enter a host URL and token (or arrive with a pairing link), probe, and see
 * which kind of host answered and why, or what failed and what to do next.
 */
import { useMutation } from '@tanstack/react-query';
import { lazy, Suspense, useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { HostKindBadge } from '@/components/host-kind-badge';
import { newHostId, probe, useHostsStore, type PairedHost, type ProbeResult } from '@/host';
import { parsePairingParams, scrubPairingLink, type PairingParams } from './pairing-link';

// The camera scanner (and its QR code reader) loads when the user asks to scan.
const QrScanner = lazy(async () => ({ default: (await import('./qr-scanner')).QrScanner }));

/** Set by `npm run demo` only: the local demo server to offer. */
const DEMO_HOST_URL = import.meta.env.VITE_DEMO_HOST_URL;

interface Form {
  url: string;
  token: string;
  name: string;
  username: string;
  directory: string;
  workspaceId: string;
  hostToken: string;
}

function defaultName(url: string): string {
  try {
    return new URL(/^https?:\/\//.test(url) ? url : `http://${url}`).host;
  } catch {
    return url;
  }
}

/**
 * The pairing screen. A pairing link opened while the app already shows this screen is a hash
 * change, not a new page: each link (a navigation with `url=`) gets a fresh form, which reads the
 * link, scrubs its token from the address bar and connects, as on a fresh load. The scrub itself
 * replaces history without telling the router, so it does not count as a new link.
 */
export function PairScreen() {
  const location = useLocation();
  const hasLink = parsePairingParams(location.search).url !== undefined;
  return <PairForm key={hasLink ? location.key : 'no-link'} />;
}

function PairForm() {
  const location = useLocation();
  const navigate = useNavigate();
  const save = useHostsStore((state) => state.save);
  // Read the link once, then scrub the token from the address bar before anything else renders.
  const [link] = useState<PairingParams>(() => parsePairingParams(location.search));
  const [form, setForm] = useState<Form>(() => ({
    url: link.url ?? '',
    token: link.token ?? '',
    name: link.name ?? '',
    username: '',
    directory: link.directory ?? '',
    workspaceId: link.workspaceId ?? '',
    hostToken: '',
  }));
  const [advanced, setAdvanced] = useState(Boolean(link.directory || link.workspaceId));
  const [scanning, setScanning] = useState(false);
  const autoConnected = useRef(false);

  const connect = useMutation({
    mutationFn: (f: Form): Promise<ProbeResult> =>
      probe({
        url: f.url,
        credentials: { ...(f.token ? { token: f.token } : {}), ...(f.username ? { username: f.username } : {}) },
        ...(f.directory ? { directory: f.directory } : {}),
        ...(f.workspaceId ? { workspaceId: f.workspaceId } : {}),
      }),
    onSuccess: (result, f) => {
      if (!result.ok) return;
      const common = {
        id: newHostId(),
        name:
          f.name.trim() ||
          (result.kind === 'openwork'
            ? `${result.workspace.name} @ ${defaultName(result.url)}`
            : defaultName(result.url)),
        url: result.url,
        kindReason: result.reason,
        credentials: {
          ...(f.token ? { token: f.token } : {}),
          ...(f.username ? { username: f.username } : {}),
          ...(f.hostToken && result.kind === 'openwork' ? { hostToken: f.hostToken } : {}),
        },
        opencode: result.opencode,
        ...(result.version ? { version: result.version } : {}),
        pairedAt: Date.now(),
      };
      // An OpenWork host is always paired with the workspace the probe chose.
      const host: PairedHost =
        result.kind === 'openwork'
          ? { ...common, kind: 'openwork', workspaceId: result.workspace.id, workspaceName: result.workspace.name }
          : { ...common, kind: 'opencode' };
      save(host);
      void navigate('/', { replace: true });
    },
  });

  useEffect(() => {
    if (location.search) scrubPairingLink();
    if (link.url && !autoConnected.current) {
      autoConnected.current = true;
      connect.mutate(form);
    }
    // Runs once on arrival: the link's parameters are captured in state above.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const { mutate } = connect;
  const onScan = useCallback(
    (search: string) => {
      const scanned = parsePairingParams(search);
      if (!scanned.url) return;
      setScanning(false);
      const next: Form = {
        url: scanned.url,
        token: scanned.token ?? '',
        name: scanned.name ?? '',
        username: '',
        directory: scanned.directory ?? '',
        workspaceId: scanned.workspaceId ?? '',
        hostToken: '',
      };
      setForm(next);
      mutate(next);
    },
    [mutate],
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    connect.mutate(form);
  };
  const field = (key: keyof Form) => ({
    value: form[key],
    onChange: (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value })),
  });
  const result = connect.data;

  return (
    <section className="pair-screen">
      <h1>Pair with a host</h1>
      <p className="hint">
        An OpenWork host (URL and token from its pairing card) or an OpenCode server (<code>opencode serve</code>,
        password optional).
      </p>
      {DEMO_HOST_URL && !link.url ? (
        <div className="demo-card">
          <p>
            <strong>Demo:</strong> a local OpenCode server with a <em>scripted</em> model is running at{' '}
            <code>{DEMO_HOST_URL}</code>.
          </p>
          <button
            type="button"
            disabled={connect.isPending}
            onClick={() =>
              connect.mutate({ ...form, url: DEMO_HOST_URL, token: '', name: 'Demo — local OpenCode, scripted model' })
            }
          >
            Pair with the local demo
          </button>
        </div>
      ) : null}
      {scanning ? (
        <Suspense fallback={<p className="empty">Opening the camera…</p>}>
          <QrScanner onScan={onScan} onClose={() => setScanning(false)} />
        </Suspense>
      ) : (
        <button type="button" className="secondary" onClick={() => setScanning(true)}>
          Scan a pairing QR code
        </button>
      )}
      <form onSubmit={submit} className="pair-form">
        <label>
          Host URL
          <input
            type="text"
            inputMode="url"
            autoCapitalize="off"
            autoCorrect="off"
            spellCheck={false}
            placeholder="http://192.168.1.20:8787"
            required
            {...field('url')}
          />
        </label>
        <label>
          Token or password
          <input
            type="password"
            autoComplete="off"
            placeholder="optional for OpenCode without a password"
            {...field('token')}
          />
        </label>
        <label>
          Name (optional)
          <input type="text" placeholder="My laptop" {...field('name')} />
        </label>
        <button type="button" className="link-button" aria-expanded={advanced} onClick={() => setAdvanced((a) => !a)}>
          {advanced ? 'Hide advanced' : 'Advanced'}
        </button>
        {advanced ? (
          <>
            <label>
              OpenCode directory
              <input type="text" placeholder="the server's own directory" {...field('directory')} />
            </label>
            <label>
              OpenCode user name
              <input type="text" placeholder="opencode" {...field('username')} />
            </label>
            <label>
              OpenWork host token (owner mode: answer the host&apos;s write approvals)
              <input type="password" autoComplete="off" placeholder="optional" {...field('hostToken')} />
            </label>
            <label>
              OpenWork workspace id
              <input type="text" placeholder="the host's active workspace" {...field('workspaceId')} />
            </label>
          </>
        ) : null}
        <button type="submit" disabled={connect.isPending}>
          {connect.isPending ? 'Connecting…' : 'Connect'}
        </button>
      </form>
      {result && !result.ok ? (
        <div className="probe-result probe-failed" role="alert">
          <p>
            <strong>{result.error.message}</strong>
          </p>
          <p>{result.error.nextStep}</p>
          <Evidence result={result} />
        </div>
      ) : null}
      {result?.ok ? (
        <div className="probe-result" role="status">
          <HostKindBadge kind={result.kind} reason={result.reason} /> {result.reason}
        </div>
      ) : null}
    </section>
  );
}

function Evidence({ result }: { result: ProbeResult }) {
  if (result.evidence.length === 0) return null;
  return (
    <details>
      <summary>What the app checked</summary>
      <ul>
        {result.evidence.map((step, i) => (
          <li key={i}>
            <code>{step.request}</code>: {step.outcome}
          </li>
        ))}
      </ul>
    </details>
  );
}
