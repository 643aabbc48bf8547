/**
 * The stream worker: the host connections' event streams ({@link createStreamHub}) off the main
 * thread, so reading, parsing and decoding a burst of events never blocks a tap or a frame. The
 * main thread talks to it only through `stream-client.ts`; credentials arrive in `connect`
 * messages (same origin) and are never logged.
 */
import { createStreamHub, type HubReport, type HubRequest } from './stream-hub';

/** The worker's global scope, typed by what is used of it (the app's lib is the DOM's). */
interface WorkerScope {
  postMessage: (report: HubReport) => void;
  addEventListener: (type: 'message', listener: (event: MessageEvent<HubRequest>) => void) => void;
}

const scope = self as unknown as WorkerScope;
const hub = createStreamHub((report) => scope.postMessage(report));
scope.addEventListener('message', (event) => hub.receive(event.data));
