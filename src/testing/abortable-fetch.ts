/**
 * Makes a mocked `fetch` abort the way browsers do. Per the Fetch standard ("abort fetch"), aborting
 * the signal after the headers arrived errors the response body, so a pending `reader.read()`
 * rejects with the signal's reason. MSW hands back the handler's body stream unconnected to the
 * signal, so without this wrapper an aborted event stream would hang in tests where a browser
 * would not. https://fetch.spec.whatwg.org/#abort-fetch
 */
export function withBodyAbort(baseFetch: typeof fetch): typeof fetch {
  return async (input, init) => {
    const response = await baseFetch(input, init);
    const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    if (!signal || !response.body) return response;
    const source = response.body.getReader();
    let settled = false;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        const abort = () => {
          if (settled) return;
          settled = true;
          controller.error(signal.reason);
          source.cancel(signal.reason).catch(() => {
            // The source may already be closed; the reader above has been errored either way.
          });
        };
        if (signal.aborted) abort();
        else signal.addEventListener('abort', abort, { once: true });
      },
      async pull(controller) {
        const { done, value } = await source.read();
        if (settled) return;
        if (done) {
          settled = true;
          controller.close();
        } else {
          controller.enqueue(value);
        }
      },
      cancel(reason) {
        settled = true;
        return source.cancel(reason);
      },
    });
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}
