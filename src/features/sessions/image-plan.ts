/**
 * What happens to a photo before it is sent, as pure functions: whether it can be sent at all,
 * the size it is scaled to, and the type it is encoded as. `image-downscale.ts` does the drawing.
 */

/**
 * The longest side of a sent image, in px: enough for a model to read a screenshot. 2,000, not
 * 2,048: OpenCode 1.18 scales any larger image down to 2,000 px itself (and stores it as PNG), and
 * a second resampling on the host would only blur it.
 */
export const MAX_IMAGE_SIDE = 2_000;
/** The most bytes an image may have once encoded: larger is refused (a 5 MB cap, as model APIs have). */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
/** Below this many bytes an already small JPEG or WebP is sent as it is. */
export const KEEP_AS_IS_BYTES = 1024 * 1024;
/** The encoder's quality for JPEG and WebP, 0–1. */
export const ENCODE_QUALITY = 0.85;

/** What to do with an image of a type, size (bytes) and pixel size. */
export type ImagePlan =
  | { action: 'refuse'; reason: string }
  | { action: 'keep' }
  | { action: 'encode'; width: number; height: number; type: 'image/webp' | 'image/jpeg' };

/** Width and height scaled so the longest side is at most `max` px (never up), rounded to whole px. */
export function fitWithin(
  width: number,
  height: number,
  max: number = MAX_IMAGE_SIDE,
): { width: number; height: number } {
  const longest = Math.max(width, height);
  if (longest <= max) return { width, height };
  const scale = max / longest;
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** True for a media type this app sends as a photo (`image/*`, SVG excluded: it is code, not pixels). */
export function isSendableImageType(type: string): boolean {
  return /^image\//i.test(type) && !/svg/i.test(type);
}

/**
 * The plan for a picked file: refuse what is not an image; keep a JPEG or WebP that is already
 * within {@link MAX_IMAGE_SIDE} and under {@link KEEP_AS_IS_BYTES}; otherwise re-encode at
 * {@link fitWithin} size, as WebP where the browser can encode it, else JPEG.
 */
export function planImage(
  file: { type: string; size: number; name: string },
  pixels: { width: number; height: number },
  canEncodeWebp: boolean,
): ImagePlan {
  if (!isSendableImageType(file.type))
    return {
      action: 'refuse',
      reason: `${file.name || 'This file'} is not a photo or screenshot (${file.type || 'unknown type'}): attach a JPEG, PNG, WebP or HEIC image, or use @ for a workspace file.`,
    };
  const size = fitWithin(pixels.width, pixels.height);
  const small = size.width === pixels.width && size.height === pixels.height;
  if (small && /^image\/(jpeg|webp)$/i.test(file.type) && file.size <= KEEP_AS_IS_BYTES) return { action: 'keep' };
  return { action: 'encode', ...size, type: canEncodeWebp ? 'image/webp' : 'image/jpeg' };
}

/** The error for an encoded image of `bytes` bytes, or undefined when it can be sent. */
export function checkEncodedSize(name: string, bytes: number): string | undefined {
  if (bytes <= MAX_IMAGE_BYTES) return undefined;
  const mb = (bytes / 1024 / 1024).toFixed(1);
  return `${name || 'The image'} is still ${mb} MB after scaling it down (the limit is 5 MB): crop it or take a screenshot of the part that matters, then attach that.`;
}
