/**
 * The user's notification choices on this device (persisted, versioned): notifications on or off,
 * and per host whether a finished or failed run notifies too.
 */
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';

interface NotificationSettingsState {
  /** The user turned notifications on (the browser permission is checked separately). */
  enabled: boolean;
  /** Host id → also notify when a run finishes (`session.idle`) or fails (`session.error`). */
  runUpdates: Record<string, boolean>;
  setEnabled: (enabled: boolean) => void;
  setRunUpdates: (hostId: string, on: boolean) => void;
}

/** localStorage key of the notification settings. */
export const NOTIFICATION_SETTINGS_KEY = 'openwork-pwa.notifications';

export const useNotificationSettings = create<NotificationSettingsState>()(
  persist(
    (set) => ({
      enabled: false,
      runUpdates: {},
      setEnabled: (enabled) => set({ enabled }),
      setRunUpdates: (hostId, on) => set((state) => ({ runUpdates: { ...state.runUpdates, [hostId]: on } })),
    }),
    { name: NOTIFICATION_SETTINGS_KEY, version: 1, storage: createJSONStorage(() => localStorage) },
  ),
);

/** Deletes a host's notification choices (on "Forget this host"); the global switch stays. */
export function clearNotificationSettingsForHost(hostId: string): void {
  useNotificationSettings.setState((state) => {
    const runUpdates = { ...state.runUpdates };
    delete runUpdates[hostId];
    return { runUpdates };
  });
}
