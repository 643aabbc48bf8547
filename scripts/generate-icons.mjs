#!/usr/bin/env node
// generate-icons.mjs — every PNG the manifest, iOS and notifications need, from ONE source:
// public/icon.svg. The outputs are committed, so a build never needs this script (or sharp);
// run it again after changing the SVG: `node scripts/generate-icons.mjs`.
//
//   public/pwa-192x192.png            manifest icon, purpose "any" (transparent rounded corners)
//   public/pwa-512x512.png            manifest icon, purpose "any"
//   public/maskable-512x512.png       manifest icon, purpose "maskable": full-bleed background; the
//                                     glyph (radius 170 of 512) sits inside the 40 % safe circle
//                                     (radius 204.8) that every launcher mask keeps
//   public/apple-touch-icon-180x180.png  iOS home screen: opaque (iOS paints transparency black)
//                                     and square (iOS rounds the corners itself)
//   public/notification-badge-96x96.png  Android status-bar badge: white on transparent; Android
//                                     uses only its alpha channel
//   public/screenshot-narrow.png      install-sheet screenshot (from docs/screenshot.png)
//
// sharp renders SVG with librsvg from its prebuilt binary package (no download at install time).
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const root = fileURLToPath(new URL('..', import.meta.url));
const publicDir = `${root}public/`;
const SOURCE = `${publicDir}icon.svg`;
/** The SVG's own background colour, used to fill the corners of the opaque icons. */
const BACKGROUND = '#111827';
const PNG = { compressionLevel: 9, palette: true, quality: 90, effort: 10 };

const svg = await readFile(SOURCE);

/** The source rendered at `size`×`size` (density keeps librsvg's raster sharp at any size). */
function render(size) {
  return sharp(svg, { density: Math.ceil((72 * size) / 512) * 2 }).resize(size, size);
}

async function write(name, image) {
  const info = await image.png(PNG).toFile(`${publicDir}${name}`);
  console.log(`${name.padEnd(34)} ${info.width}x${info.height}  ${(info.size / 1024).toFixed(1)} KiB`);
}

await write('pwa-192x192.png', render(192));
await write('pwa-512x512.png', render(512));
await write('maskable-512x512.png', render(512).flatten({ background: BACKGROUND }));
await write('apple-touch-icon-180x180.png', render(180).flatten({ background: BACKGROUND }));

// The badge: the light strokes of the icon (ring and check) become opaque white, the dark
// background transparent.
const BADGE = 96;
const grey = await render(BADGE)
  .flatten({ background: '#000000' })
  .greyscale()
  .raw()
  .toBuffer({ resolveWithObject: true });
const rgba = Buffer.alloc(BADGE * BADGE * 4, 255);
for (let i = 0; i < BADGE * BADGE; i += 1) {
  rgba[i * 4 + 3] = grey.data[i * grey.info.channels] > 64 ? 255 : 0;
}
await write('notification-badge-96x96.png', sharp(rgba, { raw: { width: BADGE, height: BADGE, channels: 4 } }));

// Chrome shows manifest screenshots on the install sheet ("richer install UI"); 390×844 is the
// phone viewport the e2e specs and docs/screenshot.png use (at 2x), well within Chrome's limits
// (each side 320–3840 px, aspect ratio at most 2.3).
await write(
  'screenshot-narrow.png',
  sharp(`${root}docs/screenshot.png`).resize(780, 1688, { fit: 'cover', position: 'top' }),
);
