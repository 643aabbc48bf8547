/**
 * Scales a picked photo down on the device and encodes it as a data URL, following
 * {@link planImage}. Loaded on first use (a dynamic import from the composer). jsdom has no
 * canvas: the decisions are tested in `image-plan.test.ts`, the drawing end to end.
 */
import { checkEncodedSize, ENCODE_QUALITY, planImage } from './image-plan';

/** A photo ready to send: its data URL, type, name, pixel size and encoded bytes. */
export interface PreparedImage {
  dataUrl: string;
  mime: string;
  filename: string;
  width: number;
  height: number;
  bytes: number;
}

/** An image that cannot be sent, with what to do instead in its message. */
export class ImageRefused extends Error {
  override name = 'ImageRefused';
}

function readAsDataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('FileReader failed without an error'));
    reader.readAsDataURL(blob);
  });
}

let webpSupport: boolean | undefined;
/** Whether this browser's canvas encodes WebP (Safari before 17 answers PNG instead). */
function canEncodeWebp(): boolean {
  if (webpSupport === undefined) {
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 1;
    webpSupport = canvas.toDataURL('image/webp').startsWith('data:image/webp');
  }
  return webpSupport;
}

async function encode(bitmap: ImageBitmap, width: number, height: number, type: string): Promise<Blob> {
  // OffscreenCanvas keeps the main thread's canvas out of it where the browser has one.
  if (typeof OffscreenCanvas !== 'undefined') {
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('No 2D context on OffscreenCanvas: the browser refused to draw the image.');
    context.drawImage(bitmap, 0, 0, width, height);
    return canvas.convertToBlob({ type, quality: ENCODE_QUALITY });
  }
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('No 2D canvas context: the browser refused to draw the image.');
  context.drawImage(bitmap, 0, 0, width, height);
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('The browser could not encode the scaled image.'))),
      type,
      ENCODE_QUALITY,
    ),
  );
}

/**
 * Prepares `file` for sending: decodes it, scales it to at most 2,000 px on its longest side and
 * encodes it as WebP or JPEG, unless it is a small JPEG/WebP already.
 *
 * @throws {ImageRefused} when it is not an image, cannot be decoded (a format this browser does
 *   not read), or is over 5 MB after scaling; the message says what to do instead.
 */
export async function prepareImage(file: File): Promise<PreparedImage> {
  let bitmap: ImageBitmap;
  try {
    // Decoding a non-image fails here too, so check the type first for the clearer message.
    const early = planImage(file, { width: 1, height: 1 }, false);
    if (early.action === 'refuse') throw new ImageRefused(early.reason);
    bitmap = await createImageBitmap(file);
  } catch (error) {
    if (error instanceof ImageRefused) throw error;
    throw new ImageRefused(
      `${file.name || 'The image'} could not be read by this browser (${file.type || 'unknown type'}): take a screenshot of it, or save it as JPEG or PNG, then attach that.`,
      { cause: error },
    );
  }
  try {
    const plan = planImage(file, bitmap, canEncodeWebp());
    if (plan.action === 'refuse') throw new ImageRefused(plan.reason);
    let blob: Blob = file;
    if (plan.action === 'encode') {
      blob = await encode(bitmap, plan.width, plan.height, plan.type);
      // A browser without that encoder silently answers PNG (large): JPEG is encoded everywhere.
      if (blob.type !== plan.type) blob = await encode(bitmap, plan.width, plan.height, 'image/jpeg');
    }
    const tooLarge = checkEncodedSize(file.name, blob.size);
    if (tooLarge) throw new ImageRefused(tooLarge);
    const width = plan.action === 'keep' ? bitmap.width : plan.width;
    const height = plan.action === 'keep' ? bitmap.height : plan.height;
    const mime = blob.type || file.type;
    const base = (file.name || 'photo').replace(/\.[^.]*$/, '');
    const extension = mime === 'image/webp' ? 'webp' : mime === 'image/png' ? 'png' : 'jpg';
    return {
      dataUrl: await readAsDataUrl(blob),
      mime,
      filename: `${base}.${extension}`,
      width,
      height,
      bytes: blob.size,
    };
  } finally {
    bitmap.close();
  }
}
