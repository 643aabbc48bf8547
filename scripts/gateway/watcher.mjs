// watcher.mjs: one Server-Sent Events connection to a host's event stream over fetch (so an
// Authorization header can be sent), parsed with eventsource-parser, reconnecting with backoff.
// A stream silent for longer than OpenCode's heartbeat allows is treated as dead and reopened.
import { createParser } from 'eventsource-parser';

const BACKOFF_START_MS = 500;
const BACKOFF_MAX_MS = 30_000;
/** OpenCode sends a heartbeat every 10 s (an OpenWork host every 15 s); 35 s of silence is a dead stream. */
const SILENCE_MS = 35_000;

/**
 * Watches one event stream until `stop()`.
 *
 * @param {object} options
 * @param {string} options.url the stream, e.g. `<OpenCode>/event?directory=…` or `<OpenWork>/w/<id>/opencode/event`
 * @param {() => Record<string, string>} options.headers asked before each connection (the credential may change)
 * @param {(event: {type: string, properties?: Record<string, unknown>}) => void} options.onEvent each decoded frame
 * @param {(state: 'connecting' | 'live' | 'down', detail?: string) => void} options.onState
 * @param {() => void} [options.onOpen] after each (re)connection, once the stream answered 200: time to re-sync
 * @param {(line: string) => void} [options.log]
 * @returns {{stop: () => void, reconnect: () => void}}
 */
export function watchEvents({ url, headers, onEvent, onState, onOpen, log = console.log }) {
  let stopped = false;
  let attempt = 0;
  /** @type {AbortController | undefined} */
  let current;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let retryTimer;

  async function connect() {
    if (stopped) return;
    onState('connecting');
    const controller = new AbortController();
    current = controller;
    let silence;
    const arm = () => {
      clearTimeout(silence);
      silence = setTimeout(() => controller.abort(new Error(`no event for ${SILENCE_MS} ms`)), SILENCE_MS);
    };
    let why = 'the stream ended';
    try {
      arm();
      const response = await fetch(url, {
        headers: { accept: 'text/event-stream', ...headers() },
        signal: controller.signal,
        redirect: 'error',
      });
      if (!response.ok || !response.body) {
        why = `GET ${new URL(url).pathname} answered ${response.status}${response.status === 401 ? ': the credential is not accepted (rotate it, or subscribe a device again)' : ''}`;
        await response.body?.cancel();
      } else {
        attempt = 0;
        onState('live');
        onOpen?.();
        const parser = createParser({
          onEvent(message) {
            let event;
            try {
              event = JSON.parse(message.data);
            } catch (error) {
              log(`watch: skipped a frame that is not JSON (${error.message})`);
              return;
            }
            if (event && typeof event.type === 'string') onEvent(event);
          },
        });
        const decoder = new TextDecoder();
        for await (const chunk of response.body) {
          arm();
          parser.feed(decoder.decode(chunk, { stream: true }));
        }
      }
    } catch (error) {
      why = controller.signal.aborted
        ? String(controller.signal.reason?.message ?? 'stopped')
        : String(error?.cause?.code ?? error?.message ?? error);
    } finally {
      clearTimeout(silence);
    }
    if (stopped) return;
    const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_START_MS * 2 ** attempt);
    attempt += 1;
    onState('down', why);
    log(`watch ${new URL(url).pathname}: down (${why}); reconnecting in ${delay} ms`);
    retryTimer = setTimeout(connect, delay);
  }

  connect();
  return {
    stop() {
      stopped = true;
      clearTimeout(retryTimer);
      current?.abort(new Error('stopped'));
    },
    /** Reconnects now (e.g. a new credential arrived), skipping the backoff wait. */
    reconnect() {
      if (stopped) return;
      attempt = 0;
      clearTimeout(retryTimer);
      if (current && !current.signal.aborted) current.abort(new Error('reconnecting with a new credential'));
      else connect();
    },
  };
}
