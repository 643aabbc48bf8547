/** Shows a pairing QR code for a paired host, to pair another device by scanning it. */
import { useEffect, useState } from 'react';
import type { PairedHost } from '@/host';
import { buildPairingLink } from './pairing-link';
import { qrDataUrl } from './qr';

/** The link another device opens to pair with the same host (and workspace). The host token is never included. */
export function pairingLinkForHost(host: PairedHost, appUrl: string): string {
  return buildPairingLink(appUrl, {
    url: host.url,
    name: host.name,
    ...(host.credentials.token ? { token: host.credentials.token } : {}),
    ...(host.workspaceId ? { workspaceId: host.workspaceId } : {}),
    ...(host.kind === 'opencode' && host.opencode.directory ? { directory: host.opencode.directory } : {}),
  });
}

export function PairingQr({ host }: { host: PairedHost }) {
  const link = pairingLinkForHost(host, `${location.origin}${location.pathname}`);
  const [image, setImage] = useState<{ link: string; src: string }>();
  useEffect(() => {
    let live = true;
    void qrDataUrl(link).then((src) => {
      if (live) setImage({ link, src });
    });
    return () => {
      live = false;
    };
  }, [link]);
  return (
    <div className="pairing-qr">
      {image?.link === link ? (
        <img src={image.src} width={240} height={240} alt={`Pairing QR code for ${host.name}`} />
      ) : (
        <p className="empty">Drawing the code…</p>
      )}
      <p className="hint">
        {host.credentials.token
          ? 'This code contains the token: anyone who scans it can use this host. Show it only to your own devices.'
          : 'Scan it with another device to pair it with this host.'}
      </p>
    </div>
  );
}
