/**
 * Realistic OpenCode data for the scripted host, deterministic (seeded) so runs compare: sessions,
 * messages with text, reasoning and tool parts (shapes of `@opencode-ai/sdk/v2` `Session`,
 * `Message`, `Part`), permission requests, and a markdown answer cut into streaming deltas.
 *
 * Ids sort in creation order, as OpenCode's do (the app orders messages by id).
 */

/** A small seeded PRNG (mulberry32): same seed, same data. */
export function random(seed = 1) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n, width = 6) => String(n).padStart(width, '0');
const pick = (rand, list) => list[Math.floor(rand() * list.length)];

const TITLES = [
  'Fix flaky reconnect test',
  'Add dark mode toggle',
  'Refactor session list',
  'Investigate slow build',
  'Write migration for hosts store',
  'Bump dependencies',
  'Explain the event stream',
  'Add QR pairing',
  'Tidy up CSS variables',
  'Debug 401 from proxy',
];

const SENTENCES = [
  "I'll start by reading `src/host/event-stream.ts` to see how reconnects are scheduled.",
  'The backoff uses full jitter, so two clients never retry in lockstep.',
  'This keeps the transcript stable: only the part that changed gets a new object.',
  'The test fails because the fake timer is advanced before the fetch promise settles.',
  'Let me check how `applySessionEvent` patches the cache for `message.part.delta`.',
  'There are two call sites; both pass the host id, so the query keys stay rooted at the host.',
  "Next I'll run the unit tests to confirm nothing else depends on the old shape.",
  'The service worker precaches the shell only, and never the event stream.',
  'A `401` here means the token belongs to another origin, which `authorizedFetch` refuses to send.',
  'Everything compiles; the remaining warning comes from a dependency and is harmless.',
];

const CODE = [
  '```ts\nexport function backoffDelay(attempt: number, options: BackoffOptions = {}): number {\n  const base = options.baseMs ?? 500;\n  const cap = options.maxMs ?? 30_000;\n  return Math.min(cap, base * 2 ** attempt) * Math.random();\n}\n```',
  '```sh\nnpm run test:unit -- src/host/event-stream.test.ts\n```',
  '```tsx\n<ul className="sessions">\n  {sessions.map((s) => (\n    <li key={s.id}>{s.title}</li>\n  ))}\n</ul>\n```',
  '```diff\n-  const delay = 1000 * attempt;\n+  const delay = backoffDelay(attempt, this.options.backoff);\n```',
];

/** A markdown paragraph block of a few sentences, sometimes a list or a code block. */
export function markdownBlock(rand) {
  const kind = rand();
  if (kind < 0.15) return pick(rand, CODE);
  if (kind < 0.3)
    return Array.from({ length: 2 + Math.floor(rand() * 3) }, () => `- ${pick(rand, SENTENCES)}`).join('\n');
  return Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pick(rand, SENTENCES)).join(' ');
}

/** Markdown of about `chars` characters. */
export function markdownText(rand, chars) {
  const blocks = [];
  let length = 0;
  while (length < chars) {
    const block = markdownBlock(rand);
    blocks.push(block);
    length += block.length + 2;
  }
  return blocks.join('\n\n');
}

/**
 * `count` root sessions of a directory, newest first by `time.updated` (epoch ms).
 * @returns {object[]} OpenCode `Session` objects
 */
export function makeSessions(count, { now = Date.now(), seed = 7, prefix = 'ses_bench' } = {}) {
  const rand = random(seed);
  return Array.from({ length: count }, (_, i) => {
    const updated = now - i * 97_000 - Math.floor(rand() * 60_000);
    return {
      id: `${prefix}_${pad(count - i)}`,
      slug: `bench-${i}`,
      projectID: 'prj_bench',
      directory: '/home/dev/openwork-pwa',
      title: `${pick(rand, TITLES)} #${count - i}`,
      version: 'bench',
      time: { created: updated - 3_600_000, updated },
      summary: {
        additions: Math.floor(rand() * 200),
        deletions: Math.floor(rand() * 80),
        files: 1 + Math.floor(rand() * 9),
      },
    };
  });
}

function userInfo(sessionID, id, created) {
  return {
    id,
    sessionID,
    role: 'user',
    time: { created },
    agent: 'build',
    model: { providerID: 'anthropic', modelID: 'claude-sonnet-4' },
  };
}

function assistantInfo(sessionID, id, parentID, created, done = true) {
  return {
    id,
    sessionID,
    role: 'assistant',
    time: done ? { created, completed: created + 20_000 } : { created },
    parentID,
    modelID: 'claude-sonnet-4',
    providerID: 'anthropic',
    mode: 'build',
    agent: 'build',
    path: { cwd: '/home/dev/openwork-pwa', root: '/home/dev/openwork-pwa' },
    cost: 0.0123,
    tokens: { input: 12_000, output: 800, reasoning: 120, cache: { read: 9_000, write: 400 } },
    ...(done ? { finish: 'stop' } : {}),
  };
}

const TOOLS = [
  (rand) => {
    const command = pick(rand, [
      'npm run test:unit',
      'git status --short',
      'npm run lint',
      'ls src/features',
      'npx tsc -b --noEmit',
    ]);
    const lines = Array.from(
      { length: 4 + Math.floor(rand() * 20) },
      (_, i) => ` ✓ src/host/module-${i}.test.ts (${1 + Math.floor(rand() * 30)} tests) ${Math.floor(rand() * 400)}ms`,
    );
    return {
      tool: 'bash',
      input: { command, description: 'Run the checks' },
      title: command,
      output: lines.join('\n'),
    };
  },
  (rand) => {
    const filePath = pick(rand, [
      '/home/dev/openwork-pwa/src/host/event-stream.ts',
      '/home/dev/openwork-pwa/src/features/sessions/events.ts',
      '/home/dev/openwork-pwa/src/app/router.tsx',
    ]);
    const lines = Array.from(
      { length: 8 + Math.floor(rand() * 30) },
      (_, i) =>
        `${pad(i + 1, 5)}| ${pick(rand, ['import { x } from "./y";', '  const value = compute(input);', '  if (!value) return undefined;', '}', '  // A comment that says why.'])}`,
    );
    return {
      tool: 'read',
      input: { filePath },
      title: filePath.split('/').slice(-2).join('/'),
      output: `<file>\n${lines.join('\n')}\n</file>`,
    };
  },
  (rand) => {
    const filePath = pick(rand, [
      '/home/dev/openwork-pwa/src/host/backoff.ts',
      '/home/dev/openwork-pwa/src/components/markdown.tsx',
    ]);
    return {
      tool: 'edit',
      input: {
        filePath,
        oldString: 'const delay = 1000 * attempt;',
        newString: 'const delay = backoffDelay(attempt);',
      },
      title: filePath.split('/').pop(),
      output: '',
    };
  },
  (rand) => {
    const pattern = pick(rand, ['setQueryData', 'useQuery\\(', 'TODO', 'subscribeHost']);
    const lines = Array.from(
      { length: 2 + Math.floor(rand() * 10) },
      (_, i) =>
        `/home/dev/openwork-pwa/src/features/file-${i}.ts:\n  Line ${10 + i}: ${pattern.replace('\\', '')}(...)`,
    );
    return {
      tool: 'grep',
      input: { pattern, path: '/home/dev/openwork-pwa/src' },
      title: pattern,
      output: `Found ${lines.length} matches\n${lines.join('\n')}`,
    };
  },
];

function toolPart(rand, base, callIndex, created) {
  const tool = pick(rand, TOOLS)(rand);
  const failed = rand() < 0.05;
  const state = failed
    ? {
        status: 'error',
        input: tool.input,
        error: 'Command exited with code 1',
        time: { start: created, end: created + 900 },
      }
    : {
        status: 'completed',
        input: tool.input,
        output: tool.output,
        title: tool.title,
        metadata: {},
        time: { start: created, end: created + 1200 },
      };
  return { ...base, type: 'tool', callID: `call_${pad(callIndex, 8)}`, tool: tool.tool, state };
}

/**
 * The parts of one finished assistant turn: step-start, reasoning, tool calls and text, step-finish;
 * exactly `count` parts (≥ 3), ending with a text part.
 */
function assistantParts(rand, sessionID, messageID, count, partIndex, created) {
  const parts = [];
  const base = () => ({ id: `prt_${pad(partIndex.next++, 8)}`, sessionID, messageID });
  parts.push({ ...base(), type: 'step-start' });
  const middle = ['reasoning', 'tool', 'tool', 'text', 'tool', 'tool', 'tool', 'text'];
  for (let i = 0; i < count - 3; i += 1) {
    const kind = middle[i % middle.length];
    if (kind === 'tool') parts.push(toolPart(rand, base(), partIndex.next, created));
    else
      parts.push({
        ...base(),
        type: kind,
        text: markdownText(rand, kind === 'reasoning' ? 160 : 260),
        time: { start: created, end: created + 500 },
      });
  }
  parts.push({ ...base(), type: 'text', text: markdownText(rand, 420), time: { start: created, end: created + 500 } });
  parts.push({
    ...base(),
    type: 'step-finish',
    reason: 'stop',
    cost: 0.0123,
    tokens: { input: 12_000, output: 800, reasoning: 120, cache: { read: 9_000, write: 400 } },
  });
  return parts.slice(0, Math.max(count, 1));
}

/**
 * A transcript of `messages` messages (alternating user / assistant) with `parts` parts per message
 * on average: each user message has one text part, each assistant turn `2 × parts − 1`. The last
 * assistant text contains `latestMarker`, the first user message `oldestMarker`, so a page can tell
 * when the newest and the oldest messages are on screen.
 *
 * @returns {{info: object, parts: object[]}[]} as `GET /session/{id}/message` returns it
 */
export function makeTranscript(
  sessionID,
  { messages, parts, seed = 11, latestMarker, oldestMarker, now = Date.now() },
) {
  const rand = random(seed);
  const out = [];
  const partIndex = { next: 1 };
  const assistantCount = Math.max(1, 2 * parts - 1);
  for (let i = 0; i < messages; i += 1) {
    const id = `msg_${pad(i + 1, 8)}`;
    const created = now - (messages - i) * 30_000;
    if (i % 2 === 0) {
      const text = (i === 0 && oldestMarker ? `${oldestMarker} ` : '') + markdownText(rand, 140);
      out.push({
        info: userInfo(sessionID, id, created),
        parts: [{ id: `prt_${pad(partIndex.next++, 8)}`, sessionID, messageID: id, type: 'text', text }],
      });
    } else {
      out.push({
        info: assistantInfo(sessionID, id, out[i - 1].info.id, created),
        parts: assistantParts(rand, sessionID, id, assistantCount, partIndex, created),
      });
    }
  }
  if (latestMarker) {
    const last = out.at(-1);
    const text = [...last.parts].reverse().find((p) => p.type === 'text');
    if (text) text.text += `\n\nThat is all for now: ${latestMarker}.`;
    else
      last.parts.push({
        id: `prt_${pad(partIndex.next++, 8)}`,
        sessionID,
        messageID: last.info.id,
        type: 'text',
        text: latestMarker,
      });
  }
  return out;
}

/**
 * A session waiting for its answer: one user prompt and one assistant message with a step-start and
 * an empty text part, ready for `message.part.delta` events.
 * @returns {{messages: object[], messageID: string, partID: string}}
 */
export function makeStreamingTranscript(sessionID, now = Date.now()) {
  const user = {
    info: userInfo(sessionID, 'msg_00000001', now - 2000),
    parts: [
      {
        id: 'prt_00000001',
        sessionID,
        messageID: 'msg_00000001',
        type: 'text',
        text: 'Explain how the event stream reconnects, with code.',
      },
    ],
  };
  const assistant = {
    info: assistantInfo(sessionID, 'msg_00000002', 'msg_00000001', now - 1000, false),
    parts: [
      { id: 'prt_00000002', sessionID, messageID: 'msg_00000002', type: 'step-start' },
      { id: 'prt_00000003', sessionID, messageID: 'msg_00000002', type: 'text', text: '', time: { start: now } },
    ],
  };
  return { messages: [user, assistant], messageID: 'msg_00000002', partID: 'prt_00000003' };
}

/**
 * `count` token-sized deltas (1–8 characters, whitespace kept) of a long markdown answer, so the
 * joined text is realistic markdown with paragraphs, lists and code blocks.
 */
export function makeDeltas(count, seed = 5) {
  const rand = random(seed);
  const deltas = [];
  let text = '';
  while (deltas.length < count) {
    if (text.length === 0) text = `${markdownBlock(rand)}\n\n`;
    // Cut like a tokenizer would: a word with its leading space, or a piece of a long word.
    const match = /^(\s*\S{1,8})/.exec(text);
    const token = match ? match[1] : text;
    deltas.push(token);
    text = text.slice(token.length);
  }
  return deltas;
}

/**
 * A permission request as OpenCode's `permission.asked` carries it (`PermissionRequest`): every
 * fourth an edit with a diff, the others bash commands. `tag` appears in the card's text.
 */
export function makePermission(sessionID, index, tag) {
  const id = `per_bench_${pad(index)}`;
  if (index % 4 === 3) {
    const filepath = `src/${tag}.ts`;
    return {
      id,
      sessionID,
      permission: 'edit',
      patterns: [filepath],
      always: ['*'],
      metadata: {
        filepath,
        diff: `--- a/${filepath}\n+++ b/${filepath}\n@@ -1,3 +1,3 @@\n-const delay = 1000 * attempt;\n+const delay = backoffDelay(attempt);\n export {};\n`,
      },
      tool: { messageID: 'msg_00000002', callID: `call_${pad(index, 8)}` },
    };
  }
  const command = `echo ${tag} && npm run test:unit`;
  return {
    id,
    sessionID,
    permission: 'bash',
    patterns: [command],
    always: ['echo *'],
    metadata: { command },
    tool: { messageID: 'msg_00000002', callID: `call_${pad(index, 8)}` },
  };
}
