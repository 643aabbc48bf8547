/** One extension list: its rows, or why there are none; with Edit / Remove on each row when writable. */
import { useQuery } from '@tanstack/react-query';
import { describeError, isRouteMissing, type PairedHost } from '@/host';
import { extensionsQuery, type ExtensionItem, type ExtensionKind } from './api';
import type { RowView } from './kinds';

/** What one list shows and which row actions it offers. */
export interface ExtensionListProps {
  host: PairedHost;
  kind: ExtensionKind;
  /** Lower-case plural: the list's accessible name and the words of the empty and error lines. */
  label: string;
  row: (item: ExtensionItem) => RowView;
  /** Row actions, absent when the user may not change this list. */
  onOpen?: ((item: ExtensionItem) => void) | undefined;
  onRemove?: ((item: ExtensionItem) => void) | undefined;
  /** A write is in flight: row actions wait. */
  pending: boolean;
}

/** The rows of `kind` (`extensionsQuery`), "Loading…", "No …", or why the list cannot be read (an older host without the route, or the host's error). */
export function ExtensionList({ host, kind, label, row, onOpen, onRemove, pending }: ExtensionListProps) {
  const list = useQuery(extensionsQuery(host, kind));
  if (list.isPending) return <p className="empty">Loading…</p>;
  if (list.isError)
    return isRouteMissing(list.error) ? (
      <p className="empty">This host does not offer {label} (an older OpenWork version).</p>
    ) : (
      <p className="error">
        Could not list {label}: {describeError(list.error)}
      </p>
    );
  if (list.data.length === 0) return <p className="empty">No {label}.</p>;
  return (
    <ul className="item-list" aria-label={label}>
      {list.data.map((item) => {
        const view = row(item);
        return (
          <li key={item.name} className="item">
            <div className="item-head">
              <strong>{view.title}</strong>
              <small>{view.meta}</small>
            </div>
            {view.detail ? <small>{view.detail}</small> : null}
            {onOpen || onRemove ? (
              <div className="row-actions">
                {onOpen ? (
                  <button type="button" className="secondary" onClick={() => onOpen(item)} disabled={pending}>
                    Edit
                  </button>
                ) : null}
                {onRemove ? (
                  <button
                    type="button"
                    className="link-button danger"
                    onClick={() => onRemove(item)}
                    disabled={pending}
                    aria-label={`Remove ${item.name}`}
                  >
                    Remove
                  </button>
                ) : null}
              </div>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
