import type { ReactNode } from 'react';

/**
 * An on/off setting: a checkbox with the `switch` role inside its label (styled by `.switch`), so
 * a tap on the words toggles it and a screen reader says "switch, on".
 */
export function Switch({
  checked,
  disabled,
  onChange,
  children,
}: {
  checked: boolean;
  disabled?: boolean;
  /** Called with the new state. */
  onChange: (on: boolean) => void;
  /** The label. */
  children: ReactNode;
}) {
  return (
    <label className="switch">
      <input
        type="checkbox"
        role="switch"
        checked={checked}
        disabled={disabled}
        onChange={(event) => onChange(event.currentTarget.checked)}
      />
      {children}
    </label>
  );
}
