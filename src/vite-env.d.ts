/// <reference types="vite/client" />

/** When this copy of the app was built (ISO time, or OPENWORK_BUILD_ID); set in vite.config.ts. */
declare const __APP_BUILD__: string;

interface ImportMetaEnv {
  /** Set by `npm run demo`: the local demo OpenCode server the pairing screen offers. */
  readonly VITE_DEMO_HOST_URL?: string;
}
