import { describe, expect, it } from 'vitest';
import { checkEncodedSize, fitWithin, MAX_IMAGE_BYTES, planImage } from './image-plan';

const photo = (type: string, size: number) => ({ type, size, name: 'IMG_0001.HEIC' });

describe('fitWithin', () => {
  it('scales the longest side down to 2,000 px and keeps the aspect ratio', () => {
    expect(fitWithin(4032, 3024)).toEqual({ width: 2000, height: 1500 });
    expect(fitWithin(1170, 2532)).toEqual({ width: 924, height: 2000 });
  });

  it('never scales up', () => {
    expect(fitWithin(800, 600)).toEqual({ width: 800, height: 600 });
    expect(fitWithin(2000, 10)).toEqual({ width: 2000, height: 10 });
  });
});

describe('planImage', () => {
  it('refuses what is not a photo, naming the file and what to do instead', () => {
    const plan = planImage({ type: 'application/pdf', size: 10, name: 'spec.pdf' }, { width: 1, height: 1 }, true);
    expect(plan).toMatchObject({ action: 'refuse' });
    expect(plan.action === 'refuse' && plan.reason).toMatch(/spec\.pdf is not a photo.*use @ for a workspace file/);
    expect(planImage({ type: 'image/svg+xml', size: 10, name: 'logo.svg' }, { width: 1, height: 1 }, true).action).toBe(
      'refuse',
    );
  });

  it('sends a small JPEG as it is', () => {
    expect(planImage(photo('image/jpeg', 300_000), { width: 1200, height: 900 }, true)).toEqual({ action: 'keep' });
  });

  it('re-encodes a large phone photo at 2,000 px, as WebP where the browser encodes it, else JPEG', () => {
    expect(planImage(photo('image/heic', 3_000_000), { width: 4032, height: 3024 }, true)).toEqual({
      action: 'encode',
      width: 2000,
      height: 1500,
      type: 'image/webp',
    });
    expect(planImage(photo('image/png', 3_000_000), { width: 1170, height: 2532 }, false)).toEqual({
      action: 'encode',
      width: 924,
      height: 2000,
      type: 'image/jpeg',
    });
  });

  it('re-encodes a PNG screenshot even when it is small in pixels (PNG is large in bytes)', () => {
    expect(planImage(photo('image/png', 200_000), { width: 800, height: 600 }, true)).toMatchObject({
      action: 'encode',
      width: 800,
    });
  });
});

describe('checkEncodedSize', () => {
  it('refuses more than 5 MB after scaling, saying the size and what to do', () => {
    expect(checkEncodedSize('scan.png', MAX_IMAGE_BYTES)).toBeUndefined();
    expect(checkEncodedSize('scan.png', 6 * 1024 * 1024)).toMatch(/scan\.png is still 6\.0 MB.*limit is 5 MB.*crop/);
  });
});
