/** Records OpenCode's own event stream from Node, with arrival times, to time what the page shows. */
import { createParser } from 'eventsource-parser';

export interface RecordedEvent {
  type: string;
  properties: Record<string, unknown>;
  /** Epoch ms when Node received it. */
  at: number;
}

export class EventRecorder {
  readonly events: RecordedEvent[] = [];
  private readonly controller = new AbortController();

  private constructor() {}

  /**
   * Subscribes to `GET /event` and resolves once `server.connected` arrived. `headers`: e.g. the
   * `Authorization` of a server started with a password.
   */
  static async start(opencodeUrl: string, headers: Record<string, string> = {}): Promise<EventRecorder> {
    const recorder = new EventRecorder();
    const response = await fetch(`${opencodeUrl}/event`, {
      headers: { ...headers, accept: 'text/event-stream' },
      signal: recorder.controller.signal,
    });
    if (!response.body) throw new Error('no event stream body');
    let connected!: () => void;
    const ready = new Promise<void>((resolve) => (connected = resolve));
    const parser = createParser({
      onEvent: (message) => {
        const event = JSON.parse(message.data) as { type: string; properties: Record<string, unknown> };
        recorder.events.push({ ...event, at: Date.now() });
        if (event.type === 'server.connected') connected();
      },
    });
    void (async () => {
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          parser.feed(decoder.decode(value, { stream: true }));
        }
      } catch {
        // Aborted by stop(): the recording simply ends.
      }
    })();
    await ready;
    return recorder;
  }

  /** The first event of `type` (matching `where`) after index `from`, waiting up to `timeoutMs`. */
  async next(
    type: string,
    where: (e: RecordedEvent) => boolean = () => true,
    from = 0,
    timeoutMs = 20_000,
  ): Promise<RecordedEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.slice(from).find((e) => e.type === type && where(e));
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no ${type} event within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  stop(): void {
    this.controller.abort();
  }
}
