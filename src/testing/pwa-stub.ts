/**
 * Stands in for `@/features/pwa` in tests that render the whole route tree
 * (`vi.mock('@/features/pwa', () => import('@/testing/pwa-stub'))`): its update prompt needs the
 * `virtual:pwa-register` module that only a Vite build has.
 */
export const captureInstallPrompt = (): void => undefined;
export const OPEN_HOST_PARAM = 'hostId';
export const PwaSettings = (): null => null;
export const UpdatePrompt = (): null => null;
export const useNotificationNavigation = (): void => undefined;
export const PushCompanion = (): null => null;
