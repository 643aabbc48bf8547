/**
 * Scripted Server-Sent Events for MSW: a `text/event-stream` response that emits typed OpenCode
 * events as `data: {json}` lines, the way `opencode serve` does, and can be held open or closed.
 */
import { HttpResponse } from 'msw';

/** An OpenCode event as sent on `/event`. */
export interface ScriptedEvent {
  type: string;
  properties?: Record<string, unknown>;
}

/** One SSE frame for an event (`data: {...}\n\n`). */
export function sseFrame(event: ScriptedEvent): string {
  return `data: ${JSON.stringify({ id: `evt_${Math.random().toString(36).slice(2)}`, properties: {}, ...event })}\n\n`;
}

/** A controllable SSE stream: push events, or close it, from the test. */
export class ScriptedStream {
  private controller!: ReadableStreamDefaultController<Uint8Array>;
  private readonly encoder = new TextEncoder();
  readonly body: ReadableStream<Uint8Array>;
  closed = false;

  constructor(initial: ScriptedEvent[] = [{ type: 'server.connected' }]) {
    this.body = new ReadableStream({
      start: (controller) => {
        this.controller = controller;
        for (const event of initial) controller.enqueue(this.encoder.encode(sseFrame(event)));
      },
      cancel: () => {
        this.closed = true;
      },
    });
  }

  /** Emits events (optionally raw text, e.g. a malformed line). */
  push(...events: Array<ScriptedEvent | string>): void {
    for (const event of events)
      this.controller.enqueue(this.encoder.encode(typeof event === 'string' ? event : sseFrame(event)));
  }

  /** Ends the stream as a server that closes the connection. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.controller.close();
  }

  /** The MSW response for this stream. */
  response(): HttpResponse<ReadableStream<Uint8Array>> {
    return new HttpResponse(this.body, { headers: { 'content-type': 'text/event-stream' } });
  }
}
