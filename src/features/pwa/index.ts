/** PWA feature: update prompt, install entry, notifications and the app badge. */
export { UpdatePrompt } from './update-prompt';
export { PwaSettings } from './pwa-settings';
export { captureInstallPrompt } from './install';
export { useAppBadge } from './badge';
export { notifyForEvent, closeNoticesForHost } from './notifier';
export { clearNotificationSettingsForHost } from './notification-settings-store';
export { OPEN_HOST_PARAM } from './notifications';
export { useNotificationNavigation } from './use-notification-navigation';
export { PushCompanion } from './push-companion-lazy';
