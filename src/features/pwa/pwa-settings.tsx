/** "This device": the install entry and the notification settings, shown on the Hosts screen. */
import { InstallEntry } from './install-entry';
import { NotificationSettings } from './notification-settings';

/** The "This device" section: install entry and notification settings. */
export function PwaSettings() {
  return (
    <section className="pwa-settings" aria-labelledby="device-heading">
      <h2 id="device-heading">This device</h2>
      <InstallEntry />
      <NotificationSettings />
      <p className="hint" data-testid="app-build">
        App build {__APP_BUILD__}
      </p>
    </section>
  );
}
