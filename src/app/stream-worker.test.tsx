/**
 * The app on the worker path: `Worker` is replaced by a fake whose port runs the real stream hub
 * and can hold its reports back (a burst in flight between the worker and a busy main thread).
 * A reply still goes once, a settled card never comes back when the held burst lands, and a
 * reconnect re-lists pending requests, exactly as on the in-thread path.
 */
import { QueryClientProvider } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { disconnectHost, useHostsStore } from '@/host';
import { createStreamHub, type HubReport, type HubRequest } from '@/host/stream-hub';
import { clearSeen } from '@/features/approvals/seen';
import { buildHost, buildPermission, buildSession } from '@/testing/builders';
import { gate } from '@/testing/openwork';
import { server } from '@/testing/server';
import { ScriptedStream } from '@/testing/sse';
import { createTestQueryClient } from '@/testing/render';
import { HostConnections } from './host-events';
import { AppRoutes } from './router';

vi.mock('@/features/pwa', async () => ({
  ...(await import('@/testing/pwa-stub')),
  notifyForEvent: () => undefined,
  useAppBadge: () => undefined,
}));

/** The fake worker's port: reports wait while `held`, and go (cloned, in order) on release. */
const port = {
  held: false,
  waiting: [] as HubReport[],
  requests: [] as HubRequest['type'][],
  deliver: (_report: HubReport) => undefined as void,
  release(): void {
    this.held = false;
    for (const report of this.waiting.splice(0)) this.deliver(report);
  },
};

class FakeWorker {
  onmessage: ((event: MessageEvent<HubReport>) => void) | null = null;
  private readonly hub = createStreamHub(
    (report) => {
      if (port.held) port.waiting.push(structuredClone(report));
      else setTimeout(() => port.deliver(structuredClone(report)), 0);
    },
    { backoff: { baseMs: 10, maxMs: 20 }, recentMaxDelayMs: 20, random: () => 0.5 },
  );

  constructor() {
    port.deliver = (report) => this.onmessage?.({ data: report } as MessageEvent<HubReport>);
  }

  postMessage(request: HubRequest): void {
    port.requests.push(request.type);
    const copy = structuredClone(request);
    queueMicrotask(() => this.hub.receive(copy));
  }
}
vi.stubGlobal('Worker', FakeWorker);

const host = buildHost({
  id: 'host_w',
  url: 'http://127.0.0.1:4111',
  opencode: { baseUrl: 'http://127.0.0.1:4111', auth: 'none' },
});
const BASE = host.opencode.baseUrl;
const request = buildPermission({ id: 'per_1', sessionID: 'ses_1', patterns: ['burst.txt'] });

let streams: ScriptedStream[] = [];
let listed = 0;
let bodies: unknown[] = [];
let replyGate = gate();

beforeEach(() => {
  streams = [];
  listed = 0;
  bodies = [];
  replyGate = gate();
  port.held = false;
  clearSeen();
  let pending = [request];
  server.use(
    http.get(`${BASE}/event`, () => {
      const stream = new ScriptedStream();
      streams.push(stream);
      return stream.response();
    }),
    http.get(`${BASE}/session`, () => HttpResponse.json([buildSession({ id: 'ses_1', title: 'Burst' })])),
    http.get(`${BASE}/session/status`, () => HttpResponse.json({})),
    http.get(`${BASE}/permission`, () => {
      listed += 1;
      return HttpResponse.json(pending);
    }),
    http.get(`${BASE}/question`, () => HttpResponse.json([])),
    http.post(`${BASE}/permission/per_1/reply`, async ({ request: sent }) => {
      bodies.push(await sent.json());
      await replyGate.promise;
      pending = [];
      return HttpResponse.json(true);
    }),
  );
});

afterEach(() => disconnectHost(host.id));

/** The app on its inbox, with the event connections `app.tsx` keeps open. */
function renderInbox(): void {
  useHostsStore.setState({ hosts: [host], activeId: host.id });
  render(
    <QueryClientProvider client={createTestQueryClient()}>
      <HostConnections />
      <MemoryRouter initialEntries={['/inbox']}>
        <AppRoutes />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

const card = () => screen.queryByRole('article', { name: 'Permission request: edit burst.txt' });

/** A burst as a fast model or a reconnect sends it, with the request asked again in the middle. */
function burstWithReplay(stream: ScriptedStream): void {
  const delta = (text: string) => ({
    type: 'message.part.delta',
    properties: { sessionID: 'ses_1', messageID: 'msg_1', partID: 'prt_1', field: 'text', delta: text },
  });
  for (let i = 0; i < 500; i += 1) stream.push(delta('tok '));
  stream.push({ type: 'permission.asked', properties: { ...request } });
  for (let i = 0; i < 500; i += 1) stream.push(delta('tok '));
}

describe('the event stream in a worker', () => {
  it('runs the stream in the worker: the main thread only connects and forwards the page state', async () => {
    renderInbox();
    await vi.waitFor(() => expect(streams).toHaveLength(1));
    expect(port.requests.slice(0, 2)).toEqual(['page', 'connect']);
  });

  it('sends a reply once and keeps its card gone while a burst with the request asked again is in flight', async () => {
    const user = userEvent.setup();
    renderInbox();
    expect(await screen.findByRole('article', { name: 'Permission request: edit burst.txt' })).toBeInTheDocument();
    await vi.waitFor(() => expect(streams).toHaveLength(1));

    // The burst is read in the worker but held on its way to the busy main thread.
    port.held = true;
    burstWithReplay(streams[0]!);
    await user.click(screen.getByRole('button', { name: 'Allow once' }));
    await vi.waitFor(() => expect(bodies).toHaveLength(1));

    // It lands while the reply is in flight: the card stays locked, and a second tap sends nothing.
    await vi.waitFor(() => expect(port.waiting.some((report) => report.type === 'events')).toBe(true));
    port.release();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(within(card()!).getByRole('button', { name: 'Reject' })).toBeDisabled();
    await user.click(within(card()!).getByRole('button', { name: 'Reject' }));

    replyGate.release();
    await vi.waitFor(() => expect(card()).not.toBeInTheDocument());

    // Another held burst asking again after the answer lands: the card does not come back.
    port.held = true;
    burstWithReplay(streams[0]!);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await vi.waitFor(() => expect(port.waiting.some((report) => report.type === 'events')).toBe(true));
    port.release();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(card()).not.toBeInTheDocument();
    expect(bodies).toEqual([{ reply: 'once' }]);
  });

  it('reconnects after the stream drops and re-lists the pending requests', async () => {
    renderInbox();
    await screen.findByRole('article', { name: 'Permission request: edit burst.txt' });
    await vi.waitFor(() => expect(streams).toHaveLength(1));
    const before = listed;
    streams[0]!.close();
    await vi.waitFor(() => expect(streams).toHaveLength(2));
    await vi.waitFor(() => expect(listed).toBeGreaterThan(before));
    expect(card()).toBeInTheDocument();
  });
});
