/**
 * QR codes for pairing. Drawing uses `qrcode`; reading uses the browser's BarcodeDetector where it
 * reads QR codes (Chrome on Android), else the `barcode-detector` ponyfill (ZXing in WebAssembly,
 * served from this app's own origin, never a CDN). Both load only when used.
 */

/** Something that finds QR codes in a video frame. */
export interface QrReader {
  detect: (source: HTMLVideoElement) => Promise<Array<{ rawValue: string }>>;
}

interface NativeDetectorClass {
  new (options: { formats: string[] }): QrReader;
  getSupportedFormats?: () => Promise<string[]>;
}

/** A QR reader: native when the platform has one for QR codes, otherwise the WebAssembly one. */
export async function createQrReader(win: Window = window): Promise<QrReader> {
  const Native = (win as Window & { BarcodeDetector?: NativeDetectorClass }).BarcodeDetector;
  if (Native) {
    const formats = (await Native.getSupportedFormats?.()) ?? [];
    if (formats.includes('qr_code')) return new Native({ formats: ['qr_code'] });
  }
  const [{ BarcodeDetector, prepareZXingModule }, { default: wasmUrl }] = await Promise.all([
    import('barcode-detector/ponyfill'),
    import('zxing-wasm/reader/zxing_reader.wasm?url'),
  ]);
  prepareZXingModule({
    overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? wasmUrl : prefix + path) },
  });
  return new BarcodeDetector({ formats: ['qr_code'] });
}

/** A QR code image (PNG data URL) for `text`. */
export async function qrDataUrl(text: string): Promise<string> {
  const { toDataURL } = await import('qrcode');
  return toDataURL(text, { errorCorrectionLevel: 'M', margin: 2, width: 320 });
}

/** The pairing parameters inside a scanned text: a pairing link (`…#/pair?…` or `?ow_url=…`), or a bare host URL. */
export function pairingTextToSearch(text: string): string | undefined {
  const trimmed = text.trim();
  const hashQuery = /#\/pair\?(.*)$/.exec(trimmed);
  if (hashQuery) return `?${hashQuery[1]}`;
  try {
    const url = new URL(trimmed);
    if (url.searchParams.has('ow_url') || url.searchParams.has('url')) return url.search;
    if (url.protocol === 'http:' || url.protocol === 'https:') return `?url=${encodeURIComponent(trimmed)}`;
  } catch {
    // Not a URL: nothing to pair with.
  }
  return undefined;
}
