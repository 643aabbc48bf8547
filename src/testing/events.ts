/**
 * Typed host events for tests, made the way the app makes them: from OpenCode's wire frames
 * (`{type, properties}`) through the real decoder, so a test speaks the format a host sends.
 */
import type { HostEvent } from '@/domain';
import { decodeOpencodeEvent } from '@/host/opencode-events';

/** The typed event for one OpenCode frame, e.g. `opencodeEvent('session.idle', { sessionID: 'ses_1' })`. */
export function opencodeEvent(type: string, properties: Record<string, unknown> = {}): HostEvent {
  return decodeOpencodeEvent({ type, properties });
}

/** A short label for an event in assertions: its kind, and for an unknown one its wire type and whether it was malformed. */
export function eventLabel(event: HostEvent): string {
  if (event.kind !== 'unknown') return event.kind;
  return `unknown${event.type ? ` ${event.type}` : ''}${event.malformed ? ' (malformed)' : ''}`;
}
