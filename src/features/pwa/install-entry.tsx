/**
 * The install entry: the browser's install dialog where it offers one, the Share-menu steps on
 * iOS, the browser menu elsewhere; nothing once the app runs installed.
 */
import { useState } from 'react';
import { installHint, promptInstall, useInstallStore } from './install';
import { readPlatform, type PlatformInfo } from './platform';

/** The install entry for this browser; renders nothing when the app already runs installed. */
export function InstallEntry({ platform }: { platform?: PlatformInfo }) {
  const [info] = useState(() => platform ?? readPlatform());
  const hasPrompt = useInstallStore((state) => state.promptEvent !== undefined);
  const installed = useInstallStore((state) => state.installed);
  const [dismissed, setDismissed] = useState(false);
  const hint = installHint(info, { hasPrompt, installed });
  if (hint === 'installed') return null;
  return (
    <section className="pwa-setting" aria-labelledby="install-heading">
      <h3 id="install-heading">Install the app</h3>
      {hint === 'prompt' ? (
        <>
          <p className="hint">It opens full screen from your home screen and starts even when you are offline.</p>
          <button
            type="button"
            onClick={() => {
              void promptInstall().then((outcome) => setDismissed(outcome === 'dismissed'));
            }}
          >
            Install
          </button>
        </>
      ) : null}
      {hint === 'ios-steps' ? (
        <ol className="install-steps">
          <li>
            Tap <strong>Share</strong> (the square with an arrow) in Safari’s toolbar.
          </li>
          <li>
            Choose <strong>Add to Home Screen</strong>, then <strong>Add</strong>.
          </li>
          <li>Open OpenWork from your home screen. Notifications work only there.</li>
        </ol>
      ) : null}
      {hint === 'browser-menu' ? (
        <p className="hint">
          {dismissed ? 'Install dismissed. ' : ''}Use your browser’s menu: <strong>Install app</strong> or{' '}
          <strong>Add to Home screen</strong>. If neither is there, this browser cannot install web apps.
        </p>
      ) : null}
      {hint === 'insecure' ? (
        <p className="hint">
          This page is not on a secure (https) address, so the browser cannot install it, keep it for offline use or
          show notifications. Open it over https, or on localhost.
        </p>
      ) : null}
    </section>
  );
}
