#!/usr/bin/env node
// record-frames.mjs — `npm run record:frames`: record the real event frames of a real OpenCode.
//
// Starts, all on 127.0.0.1: the scripted model (e2e/fixtures/mock-llm.mjs) behind a thin proxy
// that adds two scripts the mock lacks (a `todowrite` call and a `question` call), and a real
// `opencode serve` (e2e/fixtures/opencode.mjs: isolated HOME/XDG dirs in a temp dir, no warm-up,
// so the cold start is recorded too). It subscribes to `GET /event?directory=<workspace>`, drives
// one session through the HTTP API (a streamed reply, an edit permission allowed once, a bash
// permission rejected, todos, a question answered and one dismissed, a subagent, a provider
// failure, an abort during a slow reply, the deletion) and writes every `data:` frame, in order,
// to src/host/fixtures/opencode-frames.json, the recording the decoder's unit tests read
// (src/host/opencode-events.test.ts).
//
// Scrubbed: the temp dir's paths (workspace → /workspace, HOME → /home, the XDG dirs → under
// /home, anything else under os.tmpdir() → /tmp) and this checkout's path (→ /repo). Trimmed, and
// said so in the file's `trimmed` field: `message.part.delta` frames past the first 30 of a part,
// `plugin.added` frames past the first 3. Nothing else is dropped; ids are kept as they are.
//
// Every wait is bounded; the whole run is capped at RUN_TIMEOUT_MS. Exit code 0 when the file was
// written, 1 otherwise (with the step that failed). KEEP_E2E_TMP=1 keeps the temp dir.
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createParser } from 'eventsource-parser';
import { startMockLlm } from './fixtures/mock-llm.mjs';
import { startOpencode } from './fixtures/opencode.mjs';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const OUT_FILE = path.join(REPO_ROOT, 'src', 'host', 'fixtures', 'opencode-frames.json');
const RUN_TIMEOUT_MS = 240_000;
/** The first run pays the cold start (plugins, tools) as no warm-up prompt ran before it. */
const FIRST_RUN_TIMEOUT_MS = 60_000;
const RUN_STEP_TIMEOUT_MS = 30_000;
const HEARTBEAT_WAIT_MS = 12_000; // OpenCode sends server.heartbeat every 10 s.
const DELTAS_PER_PART = 30;
const PLUGIN_ADDED_KEPT = 3;

const PROMPT_TODOS = 'please plan this with todos';
const PROMPT_QUESTION = 'please ask me a question';

// ---------------------------------------------------------------------------------------------
// The proxy model: two extra scripts, everything else goes to mock-llm unchanged.

const TODOS = [
  { content: 'Read the README', status: 'completed', priority: 'high' },
  { content: 'Write notes.txt', status: 'in_progress', priority: 'medium' },
  { content: 'Run the tests', status: 'pending', priority: 'low' },
];
const QUESTIONS = [
  {
    question: 'Which colour should the button be?',
    header: 'Button colour',
    options: [
      { label: 'Blue', description: 'The brand colour' },
      { label: 'Green', description: 'Reads as "go"' },
    ],
  },
];

function textOf(content) {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((p) => (p && p.type === 'text' ? p.text : '')).join('');
  return '';
}

/** The extra tool call for this chat request, or undefined to let mock-llm answer it. */
function extraToolCall(body) {
  const messages = Array.isArray(body?.messages) ? body.messages : [];
  const tools = Array.isArray(body?.tools) ? body.tools.map((t) => t?.function?.name) : [];
  const last = messages[messages.length - 1];
  // Title requests carry no tools; a tool result is mock-llm's "Done. The tool said: …".
  if (!last || last.role !== 'user' || tools.length === 0) return undefined;
  const prompt = textOf(last.content).trim();
  const call = prompt.includes(PROMPT_TODOS)
    ? { name: 'todowrite', arguments: { todos: TODOS } }
    : prompt.includes(PROMPT_QUESTION)
      ? { name: 'question', arguments: { questions: QUESTIONS } }
      : undefined;
  if (call && !tools.includes(call.name)) {
    throw new Error(
      `the model was not offered the ${call.name} tool (offered: ${tools.join(', ')}): check the opencode version's tool set`,
    );
  }
  return call;
}

let callCounter = 0;

/** Streams one OpenAI-compatible reply: a short text, then the tool call, as mock-llm does. */
function streamToolCall(res, call) {
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
  const id = `chatcmpl-record-${Date.now().toString(36)}`;
  const created = Math.floor(Date.now() / 1000);
  const chunk = (delta, finish = null) => ({
    id,
    object: 'chat.completion.chunk',
    created,
    model: 'mock-model',
    choices: [{ index: 0, delta, finish_reason: finish }],
  });
  const send = (obj) => res.write(`data: ${typeof obj === 'string' ? obj : JSON.stringify(obj)}\n\n`);
  send(chunk({ role: 'assistant', content: '' }));
  send(chunk({ content: `I will use ${call.name}.` }));
  send(
    chunk({
      tool_calls: [
        {
          index: 0,
          id: `call_${call.name}_${++callCounter}`,
          type: 'function',
          function: { name: call.name, arguments: JSON.stringify(call.arguments) },
        },
      ],
    }),
  );
  send(chunk({}, 'tool_calls'));
  send({
    id,
    object: 'chat.completion.chunk',
    created,
    model: 'mock-model',
    choices: [],
    usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
  });
  send('[DONE]');
  res.end();
}

async function startProxyModel(llm) {
  const server = http.createServer(async (req, res) => {
    try {
      let raw = '';
      for await (const piece of req) raw += piece;
      let body;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        // Not JSON: mock-llm answers it (with its own 400).
        body = undefined;
      }
      const call = extraToolCall(body);
      if (call) return streamToolCall(res, call);
      const upstream = await fetch(`http://127.0.0.1:${llm.port}${req.url}`, {
        method: req.method,
        headers: { 'Content-Type': req.headers['content-type'] ?? 'application/json' },
        body: req.method === 'GET' || req.method === 'HEAD' ? undefined : raw,
        signal: AbortSignal.timeout(RUN_STEP_TIMEOUT_MS),
      });
      res.writeHead(upstream.status, { 'Content-Type': upstream.headers.get('content-type') ?? 'application/json' });
      if (upstream.body) for await (const piece of upstream.body) res.write(piece);
      res.end();
    } catch (err) {
      console.error(`[record-frames] proxy model: ${err.message}`);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: { message: String(err.message), type: 'server_error' } }));
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    port: server.address().port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// ---------------------------------------------------------------------------------------------
// The event stream: every data line, in order.

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function subscribe(url) {
  const controller = new AbortController();
  const frames = []; // { data: string, event: object }
  const response = await fetch(url, { headers: { accept: 'text/event-stream' }, signal: controller.signal });
  if (!response.ok || !response.body) throw new Error(`GET ${url} → ${response.status}: no event stream`);
  const parser = createParser({
    onEvent: (message) => {
      let event;
      try {
        event = JSON.parse(message.data);
      } catch {
        // Kept as it came: the recording is of the wire, and the tests will flag it.
        event = undefined;
      }
      frames.push({ data: message.data, event });
    },
  });
  const reading = (async () => {
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        parser.feed(decoder.decode(value, { stream: true }));
      }
    } catch (err) {
      // stop() aborts the read; anything else ends the recording early and is worth a line.
      if (!controller.signal.aborted) console.error(`[record-frames] event stream ended: ${err.message}`);
    }
  })();

  /** The first frame after index `from` that `match`es, waiting up to `timeoutMs`. */
  async function waitFor(label, match, from, timeoutMs = RUN_STEP_TIMEOUT_MS) {
    const deadline = Date.now() + timeoutMs;
    for (let i = from; ;) {
      for (; i < frames.length; i++) if (frames[i].event && match(frames[i].event)) return frames[i].event;
      if (Date.now() > deadline) throw new Error(`no ${label} within ${timeoutMs} ms`);
      await sleep(20);
    }
  }

  return {
    frames,
    waitFor,
    stop: async () => {
      controller.abort();
      await Promise.race([reading, sleep(2000)]);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Scrubbing and trimming.

const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** [from, to] pairs, most specific first, with each temp path also in its realpath form. */
async function scrubPairs(tmpDir) {
  const pairs = [];
  const add = async (from, to) => {
    pairs.push([from, to]);
    const real = await fs.realpath(from).catch(() => from); // gone already: the path as given
    if (real !== from) pairs.push([real, to]);
  };
  await add(path.join(tmpDir, 'workspace'), '/workspace');
  await add(path.join(tmpDir, 'home'), '/home');
  await add(path.join(tmpDir, 'config'), '/home/.config');
  await add(path.join(tmpDir, 'data'), '/home/.local/share');
  await add(path.join(tmpDir, 'state'), '/home/.local/state');
  await add(path.join(tmpDir, 'cache'), '/home/.cache');
  await add(path.join(tmpDir, 'tmp'), '/tmp');
  await add(tmpDir, '/tmp/opencode-recording');
  await add(os.tmpdir(), '/tmp');
  await add(REPO_ROOT, '/repo');
  return pairs;
}

/** The frame's JSON text with every temp/checkout path replaced (paths need no JSON escaping). */
function scrub(data, pairs) {
  let out = data;
  for (const [from, to] of pairs) {
    // Whole path names only: `/tmp/x` must not eat the start of `/tmp/xy`.
    out = out.replace(new RegExp(`${escapeRegExp(from)}(?![\\w.-])`, 'g'), to);
  }
  return out;
}

function trim(frames) {
  const deltasPerPart = new Map();
  let droppedDeltas = 0;
  let pluginAdded = 0;
  let droppedPlugins = 0;
  const kept = [];
  for (const frame of frames) {
    const type = frame?.type;
    if (type === 'message.part.delta') {
      const part = String(frame.properties?.partID);
      const n = (deltasPerPart.get(part) ?? 0) + 1;
      deltasPerPart.set(part, n);
      if (n > DELTAS_PER_PART) {
        droppedDeltas++;
        continue;
      }
    }
    if (type === 'plugin.added' && ++pluginAdded > PLUGIN_ADDED_KEPT) {
      droppedPlugins++;
      continue;
    }
    kept.push(frame);
  }
  return {
    kept,
    trimmed: {
      'message.part.delta': {
        keptPerPart: DELTAS_PER_PART,
        dropped: droppedDeltas,
        note: 'the later deltas of a part are cut, so its streamed text is a prefix of the part text',
      },
      'plugin.added': {
        kept: PLUGIN_ADDED_KEPT,
        dropped: droppedPlugins,
        note: 'the cold start announces every built-in plugin',
      },
    },
  };
}

/** The header pretty-printed, one frame per line (small diffs when re-recorded). */
function serialise(header, frames) {
  const head = JSON.stringify(header, null, 2).replace(/\n}$/, '');
  return `${head},\n  "frames": [\n${frames.map((f) => `    ${JSON.stringify(f)}`).join(',\n')}\n  ]\n}\n`;
}

// ---------------------------------------------------------------------------------------------
// The scenario.

async function main() {
  const cleanups = [];
  const steps = [];
  let failure;
  let oc;
  let stream;
  try {
    const llm = await startMockLlm();
    cleanups.push(() => llm.close());
    const proxy = await startProxyModel(llm);
    cleanups.push(() => proxy.close());
    oc = await startOpencode({ llm: { port: proxy.port, requests: llm.requests }, warmUp: false });
    cleanups.push(() => oc.stop());

    const dirQuery = `directory=${encodeURIComponent(oc.workspaceDir)}`;
    const api = async (method, p, body, timeoutMs = 10_000) => {
      const res = await fetch(`${oc.url}${p}${p.includes('?') ? '&' : '?'}${dirQuery}`, {
        method,
        headers: { ...oc.headers, ...(body ? { 'Content-Type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${p} → ${res.status} ${text.slice(0, 300)}`);
      return text ? JSON.parse(text) : null;
    };
    const health = await api('GET', '/global/health');

    stream = await subscribe(`${oc.url}/event?${dirQuery}`);
    await stream.waitFor('server.connected', (e) => e.type === 'server.connected', 0, 10_000);

    const step = async (name, fn) => {
      const t0 = Date.now();
      try {
        await fn();
      } catch (err) {
        throw new Error(`step "${name}": ${err.message}`);
      }
      steps.push(name);
      console.log(`[record-frames] ${name} (${Date.now() - t0} ms)`);
    };
    const isIdle = (sessionId) => (e) =>
      (e.type === 'session.idle' && e.properties?.sessionID === sessionId) ||
      (e.type === 'session.status' && e.properties?.sessionID === sessionId && e.properties?.status?.type === 'idle');
    const ofSession = (type, sessionId) => (e) => e.type === type && e.properties?.sessionID === sessionId;

    /** Sends `text` and waits for the run to go idle, calling `during(from)` while it runs. */
    const run = async (sessionId, text, { during, timeoutMs = RUN_STEP_TIMEOUT_MS } = {}) => {
      const from = stream.frames.length;
      await api('POST', `/session/${sessionId}/prompt_async`, { parts: [{ type: 'text', text }] });
      if (during) await during(from);
      await stream.waitFor(`idle after "${text}"`, isIdle(sessionId), from, timeoutMs);
    };

    const session = await api('POST', '/session', {});
    const sid = session.id;

    await step('a streamed reply ("hello")', () => run(sid, 'hello', { timeoutMs: FIRST_RUN_TIMEOUT_MS }));

    await step('an edit permission, allowed once', () =>
      run(sid, 'please write file notes.txt', {
        during: async (from) => {
          const asked = await stream.waitFor('permission.asked (edit)', ofSession('permission.asked', sid), from);
          await api('POST', `/permission/${asked.properties.id}/reply`, { reply: 'once' });
        },
      }),
    );

    await step('a bash permission, rejected', () =>
      run(sid, 'please run the command `echo hi > hi.txt`', {
        during: async (from) => {
          const asked = await stream.waitFor('permission.asked (bash)', ofSession('permission.asked', sid), from);
          await api('POST', `/permission/${asked.properties.id}/reply`, { reply: 'reject' });
        },
      }),
    );

    await step('todos (todowrite)', () =>
      run(sid, PROMPT_TODOS, {
        during: (from) => stream.waitFor('todo.updated', ofSession('todo.updated', sid), from),
      }),
    );

    await step('a question, answered', () =>
      run(sid, PROMPT_QUESTION, {
        during: async (from) => {
          const asked = await stream.waitFor('question.asked', ofSession('question.asked', sid), from);
          await api('POST', `/question/${asked.properties.id}/reply`, { answers: [['Blue']] });
        },
      }),
    );

    await step('a question, dismissed', () =>
      run(sid, PROMPT_QUESTION, {
        during: async (from) => {
          const asked = await stream.waitFor('question.asked', ofSession('question.asked', sid), from);
          await api('POST', `/question/${asked.properties.id}/reject`);
        },
      }),
    );

    await step('a subagent (task tool, child session)', () =>
      run(sid, 'delegate to a subagent: say hello from the child session'),
    );

    await step('an abort during a slow reply', () =>
      run(sid, 'tell me something slowly', {
        during: async (from) => {
          await stream.waitFor("the slow reply's first delta", ofSession('message.part.delta', sid), from);
          await sleep(300); // a few more deltas, so the cut is mid-reply
          await api('POST', `/session/${sid}/abort`);
        },
      }),
    );

    await step('a provider failure (session.error)', () =>
      run(sid, `fail with: ${Buffer.from('Scripted failure: the model refused this request').toString('base64')}`, {
        during: (from) => stream.waitFor('session.error', ofSession('session.error', sid), from),
      }),
    );

    await step('the session deleted', async () => {
      // OpenCode 1.18.33 stores a failed run's last message after the run went idle: deleting at
      // once races that write (an UnknownError "Failed query: insert into message" follows).
      await sleep(1000);
      const from = stream.frames.length;
      await api('DELETE', `/session/${sid}`);
      await stream.waitFor('session.deleted', (e) => e.type === 'session.deleted', from);
    });

    if (!stream.frames.some((f) => f.event?.type === 'server.heartbeat')) {
      await step('a heartbeat', () =>
        stream.waitFor('server.heartbeat', (e) => e.type === 'server.heartbeat', 0, HEARTBEAT_WAIT_MS),
      );
    }
    await sleep(300); // stragglers of the deletion (session.diff, file watcher)
    await stream.stop();

    // Scrub the text, then trim and write.
    const pairs = await scrubPairs(oc.tmpDir);
    const events = stream.frames.map((f) => JSON.parse(scrub(f.data, pairs)));
    const { kept, trimmed } = trim(events);
    const header = {
      opencode: health?.version ?? 'unknown',
      recordedWith: 'npm run record:frames',
      source:
        'GET /event?directory=<workspace> of a real `opencode serve` driven by e2e/record-frames.mjs with the scripted model (e2e/fixtures/mock-llm.mjs)',
      scenario: steps,
      scrubbed:
        'temp paths: workspace → /workspace, HOME → /home, XDG dirs → /home/.config, /home/.local/share, /home/.local/state, /home/.cache, other temp paths → /tmp; this checkout → /repo. Ids are as recorded.',
      trimmed,
      recorded: events.length,
    };
    await fs.mkdir(path.dirname(OUT_FILE), { recursive: true });
    await fs.writeFile(OUT_FILE, serialise(header, kept));

    const counts = {};
    for (const e of kept) counts[e?.type ?? '(no type)'] = (counts[e?.type ?? '(no type)'] ?? 0) + 1;
    console.log(
      `[record-frames] wrote ${kept.length} of ${events.length} frames to ${path.relative(REPO_ROOT, OUT_FILE)}`,
    );
    console.table(counts);
  } catch (err) {
    failure = err;
  } finally {
    await stream?.stop();
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((err) => console.error(`[record-frames] cleanup: ${err.message}`));
    }
  }
  if (failure) {
    console.error(`[record-frames] FAILED: ${failure.message}`);
    const last = (stream?.frames ?? []).slice(-25).map((f) => f.event?.type ?? f.data.slice(0, 80));
    if (last.length) console.error(`  last frames: ${last.join(', ')}`);
    if (oc) console.error(`  (opencode log: ${oc.logFile}; run with KEEP_E2E_TMP=1 to keep it)`);
    return 1;
  }
  return 0;
}

// A hard cap: whatever hangs, the script ends (the fixture's exit hook kills the server).
setTimeout(() => {
  console.error(`[record-frames] FAILED: still running after ${RUN_TIMEOUT_MS} ms`);
  process.exit(1);
}, RUN_TIMEOUT_MS).unref();

process.exit(await main());
