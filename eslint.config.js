// Lint: TypeScript strict rules, React hooks, and the import boundaries of docs/architecture.md:
// app → features → (components, host → domain → lib); a feature never imports another feature;
// shared code never imports a feature; only src/host talks to the network; only src/host knows a
// wire format's event names (features switch on the typed HostEvent of src/domain).
import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const features = ['pairing', 'sessions', 'approvals', 'files', 'extensions', 'pwa'];

// Everywhere in src: the network is reached through src/host only.
const networkRules = [
  { selector: "CallExpression[callee.name='fetch']", message: 'Only src/host/ calls fetch: ask the host module.' },
  {
    selector: "NewExpression[callee.name='EventSource']",
    message: 'Use the host event stream (fetch + eventsource-parser) so auth headers work.',
  },
];
// Above src/host: events arrive decoded (HostEvent from @/domain); a wire format's event names and
// raw `properties` stay in the host's adapter (src/host/opencode-events.ts).
const wireEventRules = [
  {
    selector:
      'Literal[value=/^(server|session|message|permission|question|todo|file|lsp|installation|project|pty|tui|vcs|command|mcp|plugin|catalog|reference|integration)\\.[a-z]+(\\.[a-z]+)*$/]',
    message:
      'An OpenCode event-type string: switch on the typed HostEvent `kind` (@/domain) instead; only src/host/opencode-events.ts knows wire names.',
  },
  {
    selector: "MemberExpression[property.name='properties']",
    message: 'Raw event properties: read the typed HostEvent fields (@/domain) instead.',
  },
];

export default tseslint.config(
  { ignores: ['bench/.dist', 'bench/.dist-maps', 'dist', 'dev-dist', 'node_modules', 'e2e/.artifacts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks, 'import-x': importX },
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.app.json' })] },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
      'import-x/no-cycle': 'error',
      'no-restricted-syntax': ['error', ...networkRules],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^@opencode-ai/sdk(?!/v2/client$)',
              message: 'Only @opencode-ai/sdk/v2/client runs in the browser.',
            },
          ],
        },
      ],
    },
  },
  // Only the host boundary may call fetch or import the SDK.
  {
    files: ['src/host/**/*.{ts,tsx}'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['src/{app,features,components,lib,domain}/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-syntax': ['error', ...networkRules, ...wireEventRules],
    },
  },
  {
    files: ['src/{app,features,components,lib}/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@opencode-ai/sdk', '@opencode-ai/sdk/*'],
              message: 'Features reach OpenCode through @/host, never the SDK directly.',
            },
          ],
        },
      ],
    },
  },
  // Features never import other features; components, lib and host never import features or app.
  ...features.map((feature) => ({
    files: [`src/features/${feature}/**/*.{ts,tsx}`],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: `./src/features/${feature}`,
              from: './src/features',
              except: [`./${feature}`],
              message: 'A feature never imports another feature; compose them in src/app.',
            },
            { target: `./src/features/${feature}`, from: './src/app', message: 'Features do not import the app.' },
          ],
        },
      ],
    },
  })),
  {
    files: ['src/{components,lib,host,domain,testing}/**/*.{ts,tsx}'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './src/components',
              from: ['./src/features', './src/app'],
              message: 'Shared UI has no feature knowledge.',
            },
            { target: './src/lib', from: ['./src/features', './src/app'], message: 'lib has no feature knowledge.' },
            {
              target: './src/host',
              from: ['./src/features', './src/app', './src/components'],
              message: 'The host boundary depends on nothing above it.',
            },
            {
              target: './src/domain',
              from: ['./src/features', './src/app', './src/components', './src/host'],
              message: 'The domain model is pure: it imports only src/lib (and OpenCode types).',
            },
            {
              target: './src/lib',
              from: ['./src/domain', './src/host'],
              message: 'lib is the bottom layer: plain helpers and stores.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/**/*.test.{ts,tsx}', 'src/testing/**/*.{ts,tsx}'],
    rules: { 'no-restricted-syntax': 'off', 'no-restricted-imports': 'off' },
  },
  {
    files: ['e2e/**/*.{js,mjs,ts}', 'bench/**/*.{js,mjs,ts}', 'scripts/**/*.{js,mjs}', '*.config.{js,ts}'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
