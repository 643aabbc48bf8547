/**
 * Scans a pairing QR code with the camera. Says plainly why it cannot (no camera, permission
 * refused, page not https) instead of failing silently.
 */
import { useEffect, useRef, useState } from 'react';
import { createQrReader, pairingTextToSearch } from './qr';

const SCAN_EVERY_MS = 250;

function cameraError(error: unknown): string {
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'NotAllowedError')
    return 'Camera access was refused. Allow the camera for this site in the browser settings, or paste the pairing link instead.';
  if (name === 'NotFoundError' || name === 'OverconstrainedError')
    return 'No camera was found on this device. Paste the pairing link instead.';
  return `The camera could not be started (${error instanceof Error ? error.message : String(error)}).`;
}

export function QrScanner({ onScan, onClose }: { onScan: (search: string) => void; onClose: () => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState<string>(() =>
    !window.isSecureContext || !navigator.mediaDevices?.getUserMedia
      ? 'Scanning needs the camera, which browsers allow only on https pages (or localhost). Open this app over https, or paste the link.'
      : '',
  );
  const [hint, setHint] = useState('Point the camera at the pairing QR code.');

  useEffect(() => {
    if (error) return;
    let stream: MediaStream | undefined;
    let timer: ReturnType<typeof setInterval> | undefined;
    let stopped = false;
    void (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
        if (stopped || !video.current) return;
        video.current.srcObject = stream;
        await video.current.play();
        const reader = await createQrReader();
        timer = setInterval(async () => {
          if (!video.current || video.current.readyState < 2) return;
          try {
            const [code] = await reader.detect(video.current);
            if (!code) return;
            const search = pairingTextToSearch(code.rawValue);
            if (search) onScan(search);
            else
              setHint('That QR code is not a pairing link. Try the one shown by the host or by another paired device.');
          } catch (detectError) {
            // One unreadable frame is normal while the camera moves; the next tick tries again.
            void detectError;
          }
        }, SCAN_EVERY_MS);
      } catch (startError) {
        if (!stopped) setError(cameraError(startError));
      }
    })();
    return () => {
      stopped = true;
      if (timer) clearInterval(timer);
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, [error, onScan]);

  return (
    <div className="qr-scanner" role="dialog" aria-label="Scan a pairing QR code">
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : (
        <>
          <video ref={video} muted playsInline className="qr-video" aria-label="Camera" />
          <p className="hint">{hint}</p>
        </>
      )}
      <button type="button" className="secondary" onClick={onClose}>
        Close camera
      </button>
    </div>
  );
}
