/** PWA feature: update prompt, install entry, notifications and the app badge. */
export { UpdatePrompt } from './update-prompt';
export { PwaSettings } from './pwa-settings';
export { captureInstallPrompt } from './install';
export { useAppBadge } from './badge';
export { notifyForEvent } from './notifier';
export { OPEN_HOST_PARAM } from './notifications';
export { useNotificationNavigation } from './use-notification-navigation';
