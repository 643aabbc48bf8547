/**
 * Pairing by QR code, round trip: a paired phone shows the host's pairing QR code; its image
 * becomes the camera of a second phone (Chromium's fake capture device), which scans it and pairs.
 * Linux Chromium has no native BarcodeDetector, so this exercises the WebAssembly reader.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, expect, inject, it } from 'vitest';
import { launchBrowser, phoneContext } from './browser';
import { AppPage } from './pages/app-page';

const appUrl = inject('appUrl');
const opencodeUrl = inject('opencodeUrl');
const browsers: Browser[] = [];
const dir = mkdtempSync(join(tmpdir(), 'owpwa-qr-'));

afterAll(async () => {
  await Promise.all(browsers.map((b) => b.close()));
  rmSync(dir, { recursive: true, force: true });
});

/** A Y4M video (what Chromium's fake camera plays) of one still image, centred on white. */
async function stillVideo(png: Buffer, width = 640, height = 480): Promise<Buffer> {
  const side = Math.min(width, height) - 40;
  const luma = await sharp(png)
    .resize(side, side, { fit: 'contain', background: '#ffffff' })
    .extend({
      top: (height - side) / 2,
      bottom: (height - side) / 2,
      left: (width - side) / 2,
      right: (width - side) / 2,
      background: '#ffffff',
    })
    .flatten({ background: '#ffffff' })
    .greyscale()
    .raw()
    .toBuffer();
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma.subarray(0, width * height), chroma]);
  return Buffer.concat([Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`), frame, frame]);
}

it('pairs a second phone by scanning the QR code the first one shows', async () => {
  const first = await launchBrowser();
  browsers.push(first);
  const page = await (await phoneContext(first)).newPage();
  await new AppPage(page).open(appUrl, `#/pair?url=${encodeURIComponent(opencodeUrl)}&name=QR%20source`);
  await page.getByLabel('Host kind: OpenCode').first().waitFor({ timeout: 15_000 });
  await page.goto(`${appUrl}/#/hosts`);
  await page.getByRole('button', { name: 'Pair another device (QR code)' }).click();
  const qr = page.getByRole('img', { name: 'Pairing QR code for QR source' });
  await qr.waitFor();
  const dataUrl = await qr.getAttribute('src');
  expect(dataUrl).toMatch(/^data:image\/png;base64,/);

  const video = join(dir, 'qr.y4m');
  writeFileSync(video, await stillVideo(Buffer.from(dataUrl!.split(',')[1]!, 'base64')));
  const second = await launchBrowser([
    '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream',
    `--use-file-for-fake-video-capture=${video}`,
  ]);
  browsers.push(second);
  const context = await phoneContext(second);
  await context.grantPermissions(['camera'], { origin: appUrl });
  const phone = await context.newPage();
  await phone.goto(`${appUrl}/#/pair`);
  await phone.getByRole('button', { name: 'Scan a pairing QR code' }).click();
  await phone.getByLabel('Host kind: OpenCode').first().waitFor({ timeout: 20_000 });
  expect(await phone.getByRole('link', { name: /Host QR source/ }).isVisible()).toBe(true);
  await expect
    .poll(() => phone.locator('.host-bar').getByRole('status').textContent(), { timeout: 15_000 })
    .toContain('Live');
});
