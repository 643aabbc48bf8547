/**
 * Names the test behind an unhandled rejection or uncaught exception (issue 15). Vitest is right to
 * fail a run on one, but its report comes at the end and may name only a line of a listener; this
 * prints, the moment the error arrives and before that report, one line to stderr:
 *
 *   e2e: unhandled rejection during test "<full name>" (<file>) [at step "<step>"]: <message>
 *
 * ("after test" when it arrived once that test had finished, "before any test" in a file's setup;
 * the step when the error came from work a listener started, see listeners.ts).
 *
 * It does not handle the error. Vitest's worker takes a second `unhandledRejection` /
 * `uncaughtException` listener as user code that handled it and then reports nothing, so this
 * adds no listener: it wraps `process.emit`, prints, and lets the event go on to vitest's own
 * listener, which reports it and fails the run.
 */
import { relative } from 'node:path';
import { afterEach, beforeEach, expect } from 'vitest';

interface Where {
  file: string;
  /** The test running now, if any. */
  current?: string;
  /** The last test that finished in this file. */
  last?: string;
}

const KEY = Symbol.for('openwork-pwa.e2e.unhandled');
type Holder = typeof globalThis & { [KEY]?: Where };
const holder = globalThis as Holder;

const file = (path: string | undefined) => (path ? relative(process.cwd(), path) : '(unknown file)');

interface Named {
  name: string;
  suite?: Named;
  file?: Named;
}

/** A test's name with its describe blocks, as vitest prints it ("suite > test"). */
function fullName(task: Named): string {
  const names = [task.name];
  for (let suite = task.suite; suite && suite !== task.file && !('filepath' in suite); suite = suite.suite)
    names.unshift(suite.name);
  return names.join(' > ');
}

function describeError(error: unknown): { message: string; step?: string; startedIn?: string } {
  if (error instanceof Error) {
    // Duck-typed: listeners.ts may be a separate module instance in each spec file.
    const fromListener = error as Error & { step?: unknown; test?: unknown; file?: unknown };
    if (error.name === 'ListenerError' && typeof fromListener.step === 'string') {
      return {
        message: describeError(error.cause).message,
        step: fromListener.step,
        startedIn: `"${String(fromListener.test)}" (${String(fromListener.file)})`,
      };
    }
    return { message: `${error.name}: ${error.message.split('\n')[0] ?? ''}` };
  }
  return { message: String(error).split('\n')[0] ?? '' };
}

function report(kind: string, error: unknown): void {
  const where = holder[KEY];
  const at = !where
    ? '(no e2e file running)'
    : where.current
      ? `during test "${where.current}" (${where.file})`
      : where.last
        ? `after test "${where.last}" (${where.file})`
        : `before any test (${where.file})`;
  const { message, step, startedIn } = describeError(error);
  const stepText = step ? ` at step "${step}" (listener work started in test ${startedIn})` : '';
  process.stderr.write(`e2e: ${kind} ${at}${stepText}: ${message}\n`);
}

if (!holder[KEY]) {
  holder[KEY] = { file: file(expect.getState().testPath) };
  const emit = process.emit.bind(process) as (event: string | symbol, ...args: unknown[]) => boolean;
  process.emit = function (this: NodeJS.Process, event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'unhandledRejection') report('unhandled rejection', args[0]);
    else if (event === 'uncaughtException')
      report(args[1] === 'unhandledRejection' ? 'unhandled rejection' : 'uncaught exception', args[0]);
    return emit(event, ...args);
  } as typeof process.emit;
} else {
  // The same worker process, another spec file.
  holder[KEY] = { file: file(expect.getState().testPath) };
}

beforeEach((context) => {
  const where = holder[KEY]!;
  where.file = file(context.task.file.filepath);
  where.current = fullName(context.task);
});

afterEach(() => {
  const where = holder[KEY]!;
  where.last = where.current;
  where.current = undefined;
});
