// csp.mjs — the Content-Security-Policy of the served app, in one place. vite.config.ts sends it as
// a header from `vite preview` and writes it into the built index.html (a <meta>, which also covers
// the copy the service worker serves from its cache and any static host that sends no headers);
// scripts/serve-lan.mjs sends the header too. Reasons per directive: docs/security.md.
//
// Only the build gets it: `npm run dev` injects an inline react-refresh preamble, which
// `script-src 'self'` would refuse.

/** @type {Array<[string, string]>} */
const DIRECTIVES = [
  // Anything not named below: this origin only.
  ['default-src', "'self'"],
  // The bundle only: no inline script, no eval. 'wasm-unsafe-eval' lets the QR reader (ZXing in
  // WebAssembly, served from this origin) compile its module; it allows no JavaScript eval.
  ['script-src', "'self' 'wasm-unsafe-eval'"],
  // The built stylesheets only. React writes `style={…}` props (the virtualised transcript's row
  // positions) through the CSSOM, which CSP does not govern; no markup with style attributes is
  // ever parsed, so no 'unsafe-inline'.
  ['style-src', "'self'"],
  // App icons, the pairing QR code (a data: URL) and workspace images (blob: from the host, or a
  // data: URL from OpenCode). Never a remote address: markdown images are not loaded at all.
  ['img-src', "'self' data: blob:"],
  // Paired hosts are arbitrary addresses chosen at run time (a LAN IP, a tunnel, localhost), so
  // any http(s) origin; no ws:, data: or blob: fetches.
  ['connect-src', "'self' http: https:"],
  // The service worker (the build's sw.js, compiled from src/sw.ts with workbox bundled in) and the
  // event-stream Web Worker (a module chunk of the build), from this origin.
  ['worker-src', "'self'"],
  ['manifest-src', "'self'"],
  // No plugins, no frames in the app, no <base> to re-point relative URLs, no native form posts
  // (every form is handled by script; a native submit would put typed text into a URL).
  ['object-src', "'none'"],
  ['frame-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
];

/** Only in a response header: a <meta> policy cannot carry it (browsers ignore it there, with a console warning). */
const HEADER_ONLY = [['frame-ancestors', "'none'"]];

const serialize = (directives) => directives.map(([name, value]) => `${name} ${value}`).join('; ');

/** The policy for the `Content-Security-Policy` response header. */
export const CONTENT_SECURITY_POLICY = serialize([...DIRECTIVES, ...HEADER_ONLY]);

/** The same policy for `<meta http-equiv="Content-Security-Policy">`, without the header-only directives. */
export const META_CONTENT_SECURITY_POLICY = serialize(DIRECTIVES);

/**
 * Response headers for the served app. `Referrer-Policy: no-referrer` (also a <meta> in index.html):
 * an OpenWork invite link carries its token in the query string until the app removes it, and the
 * browser's default policy would repeat the full address in the Referer of every asset request.
 */
export const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'Referrer-Policy': 'no-referrer',
};
