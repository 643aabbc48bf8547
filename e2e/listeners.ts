/**
 * Async work started from Playwright event listeners (issue 15). A listener such as
 * `page.on('request', (r) => r.allHeaders().then(...))` starts a promise on every event, and keeps
 * doing so after the test has read what it needed; when the page, context or browser closes, the
 * later ones reject with nobody listening and vitest fails the run on the unhandled rejection.
 *
 * Here every promise a listener starts is handled: "Target page, context or browser has been
 * closed" is an expected end (the caller says what to record instead), any other rejection is
 * re-raised as a {@link ListenerError} naming the test, its file and the caller's step. A recording
 * is detached with `stop()`, which also awaits everything it started.
 */
import { relative } from 'node:path';
import type { BrowserContext, Page, Request } from 'playwright-core';
import { expect } from 'vitest';

/** Playwright's rejection for a call on a page, context or browser that has gone away. */
export function isClosedError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /Target page, context or browser has been closed|Target closed|Browser has been closed|Browser closed/i.test(
    message,
  );
}

/** Where the current code runs: the test (full name) and its spec file, as vitest knows them. */
export function currentTest(): { test: string; file: string } {
  const state = expect.getState();
  return {
    test: state.currentTestName ?? '(no test: a hook or a listener between tests)',
    file: state.testPath ? relative(process.cwd(), state.testPath) : '(unknown file)',
  };
}

/** A rejection of work a listener started, other than the page, context or browser closing. */
export class ListenerError extends Error {
  readonly step: string;
  readonly test: string;
  readonly file: string;

  constructor(step: string, where: { test: string; file: string }, cause: unknown) {
    super(
      `${step} (listener work started in test "${where.test}", ${where.file}): ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
    this.name = 'ListenerError';
    this.step = step;
    this.test = where.test;
    this.file = where.file;
  }
}

/**
 * Handles `work`, a promise a listener started for `step`: resolves to its value, to
 * `onClosed()` when the page, context or browser closed under it, and otherwise rejects with a
 * {@link ListenerError}. Call it in the listener, so the test and file named are the ones that were
 * running when the work started.
 */
export function guard<T, C = undefined>(step: string, work: Promise<T>, onClosed?: () => C): Promise<T | C> {
  const where = currentTest();
  return work.then(
    (value) => value,
    (error: unknown) => {
      if (isClosedError(error)) return onClosed ? onClosed() : (undefined as C);
      throw new ListenerError(step, where, error);
    },
  );
}

/** What a recording started with {@link recordRequests} gives back. */
export interface Recording<T> {
  /** What was recorded so far, once every read started so far has finished (in request order). */
  settled(): Promise<T[]>;
  /** Detaches the listener, then awaits and returns everything recorded (in request order). */
  stop(): Promise<T[]>;
}

/**
 * Records every request `target` makes (a context also sees its service worker's), with all its
 * headers: `read(request, headers)` makes the record, with `headers` null when the page, context or
 * browser closed before they could be read. `step` names the recording in errors.
 */
export function recordRequests<T>(
  target: Page | BrowserContext,
  step: string,
  read: (request: Request, headers: Record<string, string> | null) => T,
): Recording<T> {
  const started: Promise<T>[] = [];
  // Page and BrowserContext declare `on`/`off` with separate overloads; the 'request' one is alike.
  const emitter = target as unknown as {
    on(event: 'request', listener: (request: Request) => void): void;
    off(event: 'request', listener: (request: Request) => void): void;
  };
  const listener = (request: Request): void => {
    started.push(
      guard(
        step,
        request.allHeaders().then((headers) => read(request, headers)),
        () => read(request, null),
      ),
    );
  };
  emitter.on('request', listener);
  let stopped = false;
  return {
    settled: () => Promise.all(started),
    stop: () => {
      if (!stopped) emitter.off('request', listener);
      stopped = true;
      return Promise.all(started);
    },
  };
}
