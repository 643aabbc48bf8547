/** The forms of an extension section: the create/edit form built from field specs, and the whole-document editor. */
import type { FormEvent } from 'react';
import type { FieldSpec, FormValues } from './kinds';

/** A create/edit form: its name, fields and values (held by the caller). */
export interface ExtensionFormProps {
  /** The form's accessible name, e.g. "Add plugin". */
  name: string;
  submit: string;
  fields: FieldSpec[];
  values: FormValues;
  onChange: (values: FormValues) => void;
  onSubmit: () => void;
  /** A write is in flight: the submit button waits. */
  pending: boolean;
}

/** A labelled field per spec, then the submit button; the values live with the caller (they survive a failed write). */
export function ExtensionForm({ name, submit, fields, values, onChange, onSubmit, pending }: ExtensionFormProps) {
  const send = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <form className="inline-form" aria-label={name} onSubmit={send}>
      {fields.map((field) => {
        const props = {
          value: values[field.key] ?? '',
          placeholder: field.placeholder,
          required: field.required,
          autoCapitalize: field.autoCapitalize,
        };
        const change = (value: string) => onChange({ ...values, [field.key]: value });
        return (
          <label key={field.key}>
            {field.label}
            {field.multiline ? (
              <textarea {...props} onChange={(e) => change(e.target.value)} />
            ) : (
              <input {...props} onChange={(e) => change(e.target.value)} />
            )}
          </label>
        );
      })}
      <button type="submit" disabled={pending}>
        {submit}
      </button>
    </form>
  );
}

/** The whole-file editor of one entry. */
export interface DocumentEditorProps {
  /** The textarea's label, e.g. "SKILL.md of release-notes". */
  label: string;
  submit: string;
  content: string;
  onChange: (content: string) => void;
  onSave: () => void;
  onCancel: () => void;
  pending: boolean;
}

/** One entry's whole file in a textarea, saved as a whole. */
export function DocumentEditor({ label, submit, content, onChange, onSave, onCancel, pending }: DocumentEditorProps) {
  const send = (event: FormEvent) => {
    event.preventDefault();
    onSave();
  };
  return (
    <form className="inline-form" onSubmit={send}>
      <label>
        {label}
        <textarea className="editor" value={content} onChange={(e) => onChange(e.target.value)} />
      </label>
      <div className="row-actions">
        <button type="submit" disabled={pending}>
          {submit}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
