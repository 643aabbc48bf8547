/**
 * The listbox of the composer's `/` and `@` lists. Focus stays in the prompt (the combobox): the
 * composer moves the active option with the arrow keys and names it with `aria-activedescendant`;
 * a tap or click chooses an option. Loaded when a list first opens.
 */
import { useEffect } from 'react';
import { optionId } from './suggest';

/** One option: its id (unique in the list), its text and an optional second line. */
export interface Suggestion {
  id: string;
  label: string;
  detail?: string;
}

/** Props of {@link SuggestionList}. */
export interface SuggestionListProps {
  /** The listbox's element id, referenced by the prompt's `aria-controls`. */
  id: string;
  /** Its accessible name, e.g. "Commands". */
  label: string;
  items: Suggestion[];
  /** The index of the active option, or -1. */
  active: number;
  /** Shown as the only line when there are no options (loading, nothing found, an error). */
  empty: string;
  onChoose: (index: number) => void;
}

/** The options of a `/` or `@` list, the active one highlighted and kept in view. */
export default function SuggestionList({ id, label, items, active, empty, onChoose }: SuggestionListProps) {
  useEffect(() => {
    if (active >= 0) document.getElementById(optionId(id, active))?.scrollIntoView?.({ block: 'nearest' });
  }, [id, active]);
  return (
    <div className="suggestions">
      <ul id={id} role="listbox" aria-label={label}>
        {items.map((item, index) => (
          <li
            key={item.id}
            id={optionId(id, index)}
            role="option"
            aria-selected={index === active}
            // mousedown would blur the prompt (closing the list) before the click lands.
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => onChoose(index)}
          >
            <span className="suggestion-label">{item.label}</span>
            {item.detail ? <span className="suggestion-detail">{item.detail}</span> : null}
          </li>
        ))}
      </ul>
      {items.length === 0 ? (
        <p className="suggestions-empty" role="status">
          {empty}
        </p>
      ) : null}
    </div>
  );
}
