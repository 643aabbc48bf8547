/**
 * What "Forget this host" deletes besides the host and its credentials (which `forgetHost` in
 * the host boundary removes): everything this device kept of it, feature by feature. Composed
 * here because a feature never imports another one.
 *
 * Kept on purpose: the approvals decision log (`openwork-pwa.decisions`). It is the user's audit
 * trail of what they allowed, holds no credential (host name, request summary, answer), and has
 * its own "Clear" in the inbox.
 */
import type { QueryClient } from '@tanstack/react-query';
// Not the files barrel: it would pull the (lazy) files screens into the first-screen bundle.
import { clearFileDraftsForHost } from '@/features/files/drafts-store';
import { clearNotificationSettingsForHost, closeNoticesForHost } from '@/features/pwa';
import { clearDraftsForHost } from '@/features/sessions';
import { hostKey } from '@/host';

/**
 * Deletes a forgotten host's data: its react-query subtree (sessions, messages, files…), composer
 * drafts, unsaved file edits, per-host notification settings, and its notifications on screen.
 */
export function forgetHostData(hostId: string, queryClient: QueryClient): void {
  queryClient.removeQueries({ queryKey: hostKey(hostId) });
  clearDraftsForHost(hostId);
  clearFileDraftsForHost(hostId);
  clearNotificationSettingsForHost(hostId);
  // Best effort: without a service worker (or permission) there is nothing on screen to close.
  closeNoticesForHost(hostId).catch(() => undefined);
}
