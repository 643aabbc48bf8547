/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Set by `npm run demo`: the local demo OpenCode server the pairing screen offers. */
  readonly VITE_DEMO_HOST_URL?: string;
}
