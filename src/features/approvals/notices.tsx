/**
 * Short notices about requests that went away without this device's answer taking effect, e.g.
 * "This request was already answered elsewhere". The card is gone by then, so the notice is what
 * tells the user what happened; it stays until dismissed. In memory only; the decision log keeps
 * the record.
 */
import { create } from 'zustand';

/** One notice. `at` is epoch ms. */
export interface ApprovalNotice {
  id: string;
  hostId: string;
  sessionId: string;
  text: string;
  at: number;
}

interface NoticesState {
  notices: ApprovalNotice[];
  push: (notice: Omit<ApprovalNotice, 'id' | 'at'>) => void;
  dismiss: (id: string) => void;
}

/** At most this many notices are kept (the newest). */
const LIMIT = 5;
let counter = 0;

export const useApprovalNotices = create<NoticesState>()((set) => ({
  notices: [],
  push: (notice) =>
    set((state) => ({
      notices: [{ ...notice, id: `notice_${(counter += 1)}`, at: Date.now() }, ...state.notices].slice(0, LIMIT),
    })),
  dismiss: (id) => set((state) => ({ notices: state.notices.filter((n) => n.id !== id) })),
}));

/**
 * The notices of a host (`hostId`; every host's when absent, as in the inbox), optionally only
 * those of `sessionIds` (a session and its subagents).
 */
export function ApprovalNotices({ hostId, sessionIds }: { hostId?: string; sessionIds?: readonly string[] }) {
  const all = useApprovalNotices((state) => state.notices);
  const dismiss = useApprovalNotices((state) => state.dismiss);
  const notices = all.filter(
    (n) => (hostId === undefined || n.hostId === hostId) && (!sessionIds || sessionIds.includes(n.sessionId)),
  );
  if (notices.length === 0) return null;
  return (
    <div className="approval-notices">
      {notices.map((notice) => (
        <p key={notice.id} className="approval-notice" role="status">
          {notice.text}{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => dismiss(notice.id)}
            aria-label={`Dismiss: ${notice.text}`}
          >
            OK
          </button>
        </p>
      ))}
    </div>
  );
}
