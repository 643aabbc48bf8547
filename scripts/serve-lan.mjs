#!/usr/bin/env node
// serve-lan.mjs: `npm start`. Serves the production build (dist/, built first when missing) on
// the local network so a phone on the same Wi-Fi can open it, and prints the addresses with a QR
// code. A phone's browser gives a service worker, install and notifications only to a secure
// context, which a plain-http LAN address is not; `--https` serves with a certificate made here,
// signed by a local certificate authority that the phone can be told to trust.
//
//   npm start                      http on every interface, port 4173 (or the next free one)
//   npm start -- --https           https, certificate in .local-https/ (kept between runs)
//   npm start -- --https --proxy http://127.0.0.1:4096
//                                  also serves that host under /host on the same origin: the phone
//                                  pairs with https://<address>:<port>/host (no CORS, no mixed content)
//   npm start -- --port 8443 --host 192.168.1.20 --build
//
// With --proxy it is also the push gateway (scripts/gateway/): it watches that host's event
// stream and sends Web Push to the devices that subscribed under /push/* on this origin. Its state
// (VAPID keys, subscriptions, a watch credential) is in .openwork-gateway/, or the folder
// OPENWORK_GATEWAY_STATE names; OPENWORK_GATEWAY_AUTHORIZATION is the Authorization header value to
// watch with (environment only: a command line is visible to every user of the machine).
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { hostname, networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import QRCode from 'qrcode';
import selfsigned from 'selfsigned';
import { build, preview } from 'vite';
import { SECURITY_HEADERS } from './csp.mjs';
import { createGateway } from './gateway/gateway.mjs';
import { pushRoutes } from './gateway/routes.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const certDir = join(root, '.local-https');
const CA_DOWNLOAD = '/openwork-local-ca.crt';
/** Where --proxy mounts the host on the app's origin. */
const HOST_PREFIX = '/host';
const DAY = 24 * 60 * 60 * 1000;

const { values: args } = parseArgs({
  options: {
    https: { type: 'boolean', default: false },
    port: { type: 'string', default: '4173' },
    host: { type: 'string', default: '0.0.0.0' },
    build: { type: 'boolean', default: false },
    proxy: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (args.help) {
  console.log(`Usage: npm start -- [--https] [--port N] [--host ADDRESS] [--build]

  --https      serve over https with a locally made certificate (see README "Use it from your phone")
  --port N     port to listen on (default 4173; the next free one if taken)
  --host A     address to listen on (default 0.0.0.0: every interface)
  --proxy URL  also serve the host at URL (OpenCode or OpenWork, e.g. http://127.0.0.1:4096) under
               ${HOST_PREFIX} on this origin, so an https app reaches an http host with no CORS or
               mixed-content block: pair with <this address>${HOST_PREFIX}
  --build      build dist/ first even when it exists`);
  process.exit(0);
}

/** This machine's IPv4 addresses on its networks (not loopback). */
function lanAddresses() {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && a.family === 'IPv4' && !a.internal)
    .map((a) => a.address);
}

function bold(text) {
  return process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text;
}

/**
 * The local certificate authority (made once, kept in .local-https/) and a server certificate it
 * signs for `names` (made again when the names change or it nears expiry). A phone that trusts
 * the CA trusts every server certificate this script makes later, even after the LAN address changes.
 */
async function certificates(names) {
  mkdirSync(certDir, { recursive: true });
  const caKeyFile = join(certDir, 'ca.key');
  const caCertFile = join(certDir, 'openwork-local-ca.crt');
  if (!existsSync(caKeyFile) || !existsSync(caCertFile)) {
    const now = new Date();
    const ca = await selfsigned.generate([{ name: 'commonName', value: `OpenWork Remote local CA (${hostname()})` }], {
      keySize: 2048,
      algorithm: 'sha256',
      notBeforeDate: now,
      notAfterDate: new Date(now.getTime() + 5 * 365 * DAY),
      extensions: [
        { name: 'basicConstraints', cA: true, critical: true },
        { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
      ],
    });
    writeFileSync(caKeyFile, ca.private, { mode: 0o600 });
    writeFileSync(caCertFile, ca.cert);
    console.log(`Made a local certificate authority: ${caCertFile}`);
  }
  const caKey = readFileSync(caKeyFile, 'utf8');
  const caCert = readFileSync(caCertFile, 'utf8');

  const keyFile = join(certDir, 'server.key');
  const certFile = join(certDir, 'server.crt');
  const infoFile = join(certDir, 'server.json');
  const wanted = JSON.stringify(names);
  const info = existsSync(infoFile) ? JSON.parse(readFileSync(infoFile, 'utf8')) : undefined;
  const fresh =
    info &&
    info.names === wanted &&
    info.notAfter - Date.now() > 30 * DAY &&
    existsSync(keyFile) &&
    existsSync(certFile);
  if (!fresh) {
    const now = new Date();
    // 365 days: within what iOS accepts from a user-trusted authority (825) and Chrome's 398.
    const notAfter = new Date(now.getTime() + 365 * DAY);
    const server = await selfsigned.generate(
      [{ name: 'commonName', value: names.find((n) => n.ip)?.ip ?? 'localhost' }],
      {
        keySize: 2048,
        algorithm: 'sha256',
        notBeforeDate: now,
        notAfterDate: notAfter,
        ca: { key: caKey, cert: caCert },
        extensions: [
          { name: 'basicConstraints', cA: false, critical: true },
          { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
          { name: 'extKeyUsage', serverAuth: true },
          {
            name: 'subjectAltName',
            altNames: names.map((n) => (n.ip ? { type: 7, ip: n.ip } : { type: 2, value: n.dns })),
          },
        ],
      },
    );
    writeFileSync(keyFile, server.private, { mode: 0o600 });
    writeFileSync(certFile, server.cert);
    writeFileSync(infoFile, JSON.stringify({ names: wanted, notAfter: notAfter.getTime() }));
    console.log(`Made a server certificate for ${names.map((n) => n.ip ?? n.dns).join(', ')}`);
  }
  return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), caCert, caCertFile };
}

/** Serves the CA certificate so a phone can install it: the content type makes iOS and Android offer to. */
function caDownload(caCert) {
  return {
    name: 'openwork-local-ca-download',
    configurePreviewServer(server) {
      server.middlewares.use(CA_DOWNLOAD, (_req, res) => {
        res.setHeader('content-type', 'application/x-x509-ca-cert');
        res.setHeader('content-disposition', 'attachment; filename="openwork-local-ca.crt"');
        res.end(caCert);
      });
    },
  };
}

const distIndex = join(root, 'dist', 'index.html');
if (args.build || !existsSync(distIndex)) {
  console.log(args.build ? 'Building dist/ …' : 'dist/ is missing: building it first …');
  await build({ root, logLevel: 'warn' });
}
const builtAt = statSync(distIndex).mtime;

const lan = lanAddresses();
const names = [{ dns: 'localhost' }, { dns: hostname() }, { ip: '127.0.0.1' }, ...lan.map((ip) => ({ ip }))];
const tls = args.https ? await certificates(names) : undefined;

/** The push gateway: only beside a proxied host, since it watches that host. */
const gateway = args.proxy
  ? createGateway({
      target: args.proxy,
      stateDir: process.env.OPENWORK_GATEWAY_STATE || join(root, '.openwork-gateway'),
      envAuthorization: process.env.OPENWORK_GATEWAY_AUTHORIZATION || undefined,
    })
  : undefined;
const gatewayPlugin = gateway && {
  name: 'openwork-push-gateway',
  configurePreviewServer(server) {
    server.middlewares.use(pushRoutes(gateway, { hostPrefix: HOST_PREFIX }));
  },
};

const server = await preview({
  root,
  logLevel: 'warn',
  preview: {
    host: args.host,
    port: Number(args.port),
    strictPort: false,
    // The app's Content-Security-Policy (scripts/csp.mjs; vite.config.ts sets the same), also on
    // the /host proxy's answers, where it is harmless: they are JSON and event streams, not pages.
    headers: SECURITY_HEADERS,
    // IP addresses and localhost are always allowed; this machine's own name too (its certificate covers it).
    allowedHosts: [hostname(), `${hostname()}.local`],
    ...(tls ? { https: { key: tls.key, cert: tls.cert } } : {}),
    // Requests only, streamed (the event stream too); the service worker never sees a navigation
    // here, since its fallback answers "/" alone.
    ...(args.proxy
      ? {
          proxy: {
            [HOST_PREFIX]: {
              target: args.proxy,
              changeOrigin: true,
              rewrite: (path) => path.slice(HOST_PREFIX.length) || '/',
            },
          },
        }
      : {}),
  },
  plugins: [...(tls ? [caDownload(tls.caCert)] : []), ...(gatewayPlugin ? [gatewayPlugin] : [])],
});
gateway?.start();

const local = server.resolvedUrls?.local ?? [];
const network = server.resolvedUrls?.network ?? [];
const phoneUrl = network[0];

console.log(
  `\n${bold('OpenWork Remote')}: the production build in dist/ (built ${builtAt.toLocaleString()}; --build rebuilds it)\n`,
);
for (const url of local) console.log(`  On this computer:  ${url}`);
for (const url of network) console.log(`  On your phone:     ${bold(url)}`);
if (phoneUrl) {
  console.log(`\nScan with the phone's camera (same Wi-Fi as this computer):\n`);
  console.log(await QRCode.toString(phoneUrl, { type: 'terminal', small: true }));
} else {
  console.log(`\n  No network address: listening on ${args.host} only, or this computer has no network connection.`);
}

const origins = [...local, ...network].map((url) => new URL(url).origin);
if (args.proxy) {
  console.log(`${bold('Host')} ${args.proxy} is served under ${HOST_PREFIX} on this origin: in the app, pair with
  ${bold(`${new URL(HOST_PREFIX, phoneUrl ?? local[0])}`)} (same origin: no CORS to set up, no mixed content).
${bold('Push gateway')}: devices subscribe under /push on this origin; state in ${gateway.state.dir}
  (watching with ${process.env.OPENWORK_GATEWAY_AUTHORIZATION ? 'the credential in OPENWORK_GATEWAY_AUTHORIZATION' : gateway.state.credential() ? 'the credential a device presented' : 'no credential yet: the first device that subscribes provides one'}).
`);
}
if (tls) {
  console.log(`${bold('About the certificate warning.')} The certificate was made on this computer and signed by a local
certificate authority (${tls.caCertFile}) that your phone does not know, so the browser warns
("Your connection is not private" / "This Connection Is Not Private"). Two ways on:

  1. Trust the local authority on the phone, once (then no warning, and everything works):
     open ${new URL(CA_DOWNLOAD, phoneUrl ?? local[0])} on the phone (accept the warning for that one download), then
       Android: Settings → Security → Encryption & credentials → Install a certificate → CA certificate;
       iOS/iPadOS: Settings → Profile Downloaded → Install, then Settings → General → About →
       Certificate Trust Settings → turn on full trust for "OpenWork Remote local CA".
     Remove it again when you no longer need it; keep .local-https/ private (it holds the key).
  2. Or just accept the warning (Advanced → Proceed; iOS: Show Details → visit this website): the
     app opens, but Chrome runs no service worker for a page whose certificate it does not trust,
     so there is no offline start, no install and no notifications.
`);
} else {
  console.log(`${bold('Plain http.')} On a network address this is not a secure context: the phone's browser runs the
app but gives it no service worker (offline start), no install and no notifications. Use \`npm start -- --https\` (or see README "Use it from your phone").
`);
}
if (!args.proxy) {
  console.log(`A host the phone reaches directly must allow this app's origin (CORS), e.g.
  opencode serve --hostname 0.0.0.0 ${origins.map((o) => `--cors ${o}`).join(' ')}
  (an OpenWork host: --cors "${origins.join(',')}" or OPENWORK_CORS_ORIGINS), with a password set
  (OPENCODE_SERVER_PASSWORD): everyone on the network can reach it.${tls ? ' An https app reaches only an https\n  host (mixed content is blocked): --proxy serves an http host on this origin instead.' : ''}
`);
}
console.log('Ctrl+C stops.');
