/** Vitest setup: jest-dom matchers, MSW as the only backend (unhandled requests fail), clean stores. */
import '@testing-library/jest-dom/vitest';
// jsdom has no IndexedDB; the composer keeps a draft's attachments there.
import 'fake-indexeddb/auto';
import { cleanup } from '@testing-library/react';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { useMissingRoutesStore } from '@/host/openwork/route-memory';
import { server } from './server';

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  cleanup();
  server.resetHandlers();
  localStorage.clear();
  // What a host lacks is remembered across calls: each test starts with hosts that have every route.
  useMissingRoutesStore.setState({ entries: {} });
});
afterAll(() => server.close());
