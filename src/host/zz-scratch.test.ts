import { http } from 'msw';
import { server } from '@/testing/server';
import { ScriptedStream } from '@/testing/sse';

it('abort errors body?', async () => {
  const stream = new ScriptedStream();
  server.use(http.get('http://127.0.0.1:9/event', () => stream.response()));
  const c = new AbortController();
  const res = await fetch('http://127.0.0.1:9/event', { signal: c.signal });
  const reader = res.body!.getReader();
  console.log(new TextDecoder().decode((await reader.read()).value));
  const p = reader.read().then((r) => 'resolved ' + r.done, (e) => 'rejected ' + String(e));
  c.abort('silent');
  const r = await Promise.race([p, new Promise((res) => setTimeout(() => res('hang'), 200))]);
  console.log('after abort:', r, stream.closed);
});
it('fake timers with msw', async () => {
  vi.useFakeTimers();
  const stream = new ScriptedStream();
  server.use(http.get('http://127.0.0.1:9/event', () => stream.response()));
  const res = await fetch('http://127.0.0.1:9/event');
  console.log('fetched under fake timers', res.status);
  vi.useRealTimers();
});
