#!/usr/bin/env node
// demo.mjs — `npm run demo`: see the app working without owning a host.
//
// Starts, all on 127.0.0.1: the scripted OpenAI-compatible model (e2e/fixtures/mock-llm.mjs), a
// real `opencode serve` from the opencode-ai devDependency in a throw-away workspace with isolated
// HOME/XDG dirs (e2e/fixtures/opencode.mjs), and the app's Vite dev server. The app then offers
// "Pair with the local demo". It is a DEMO: the model is a script, not an AI. Ctrl-C stops all.
import { createServer } from 'vite';
import { startMockLlm } from './fixtures/mock-llm.mjs';
import { startOpencode } from './fixtures/opencode.mjs';

const root = new URL('..', import.meta.url).pathname;
const appPort = Number(process.env.PORT ?? 5173);

console.log('Starting the demo: scripted model, local OpenCode, app…');
const llm = await startMockLlm();
const opencode = await startOpencode({
  llm,
  corsOrigins: [`http://127.0.0.1:${appPort}`, `http://localhost:${appPort}`],
});
process.env.VITE_DEMO_HOST_URL = opencode.url;
const vite = await createServer({ root, server: { host: '127.0.0.1', port: appPort, strictPort: false } });
await vite.listen();
const appUrl = vite.resolvedUrls?.local[0]?.replace(/\/$/, '') ?? `http://127.0.0.1:${appPort}`;
const link = `${appUrl}/#/pair?url=${encodeURIComponent(opencode.url)}&name=${encodeURIComponent('Demo — local OpenCode, scripted model')}`;

console.log(`
  OpenWork Remote — DEMO
  App:              ${appUrl}
  Pair in one tap:  ${link}
  Demo OpenCode:    ${opencode.url}  (workspace ${opencode.workspaceDir})

  The model is scripted. Try prompts such as:
    hello                                    → a streamed reply
    please write file notes.txt              → asks to edit; allow or reject
    please run the command \`echo hi > hi.txt\` → asks to run bash
    tell me something slowly                 → a slow stream (try Stop)
  Ctrl-C stops everything.
`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping the demo…');
  await vite.close();
  await opencode.stop();
  await llm.close();
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
