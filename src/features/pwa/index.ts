/** PWA feature: update prompt, install entry, notifications and the app badge. */
export { UpdatePrompt } from './update-prompt';
import { lazy } from 'react';

/**
 * "This device" (install entry, notification settings), shown on the Hosts screen only: its code
 * loads with that screen, not with the first one. Render it inside a `Suspense`.
 */
export const PwaSettings = lazy(async () => ({ default: (await import('./pwa-settings')).PwaSettings }));
export { captureInstallPrompt } from './install';
export { useAppBadge } from './badge';
export { notifyForEvent, closeNoticesForHost } from './notifier';
export { clearNotificationSettingsForHost } from './notification-settings-store';
export { OPEN_HOST_PARAM } from './notifications';
export { useNotificationNavigation } from './use-notification-navigation';
export { PushCompanion } from './push-companion-lazy';
