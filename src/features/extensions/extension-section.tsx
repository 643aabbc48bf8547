/**
 * One extension section (skills, plugins, MCP servers or commands), driven by its
 * {@link EXTENSION_KINDS} description: the list, Edit / Remove on rows, the create form or the line
 * saying why it is not there, and the state of the write (waiting for approval, or why it failed).
 */
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { NeedsOpenwork } from '@/components/needs-openwork';
import { PendingWrite } from '@/components/pending-write';
import { describeError, useRouteKnownMissing, type OpenworkCapabilities, type PairedHost } from '@/host';
import { skillDocumentQuery, type ExtensionItem, type ExtensionKind } from './api';
import { DocumentEditor, ExtensionForm } from './extension-form';
import { ExtensionList } from './extension-list';
import { EXTENSION_KINDS, canWrite, emptyValues, type FormValues } from './kinds';
import { useHostWrite, type HostWriteState } from './use-host-write';

/** Which kind, on which host, with what the host allows. */
export interface ExtensionSectionProps {
  kind: ExtensionKind;
  host: PairedHost;
  /** `/capabilities` of the host; `null` for direct OpenCode, `undefined` while loading (no forms yet). */
  capabilities: OpenworkCapabilities | null | undefined;
  /** Called after a successful change (the engine may need a reload to pick it up). */
  onChanged: () => void;
}

/** "Waiting for approval on the host… N s" while a write is held, and why the last one failed. */
function WriteState({ write }: { write: HostWriteState }) {
  return (
    <>
      {write.pending ? <PendingWrite since={write.since} policy={write.policy} /> : null}
      {write.error ? (
        <p className="error" role="alert">
          {write.error}
        </p>
      ) : null}
    </>
  );
}

/**
 * The section of `kind`: writes go through `useHostWrite` (one approval-gated mutation per kind);
 * the form is cleared only after a write succeeded.
 */
export function ExtensionSection({ kind, host, capabilities, onChanged }: ExtensionSectionProps) {
  const spec = EXTENSION_KINDS[kind];
  const queryClient = useQueryClient();
  const write = useHostWrite(host, kind, capabilities, onChanged);
  const [values, setValues] = useState<FormValues>(() => emptyValues(spec.form.fields));
  const [editing, setEditing] = useState<{ name: string; content: string }>();
  const [loadError, setLoadError] = useState<string>();
  const writable = canWrite(host, capabilities, spec.capability);
  const edit = spec.edit;
  // Learnt from the host's own 404: once it said it has no remove route, Remove is not offered.
  const removeMissing = useRouteKnownMissing(host.id, spec.removeRoute?.key ?? '');
  const canRemove = !(spec.removeRoute && removeMissing);

  const open = async (item: ExtensionItem) => {
    if (edit?.mode === 'prefill') return setValues(edit.values(item));
    setLoadError(undefined);
    try {
      const content = await queryClient.fetchQuery(skillDocumentQuery(host, item.name, item.content));
      setEditing({ name: item.name, content });
    } catch (error) {
      setLoadError(`Could not open ${item.name}: ${describeError(error)}`);
    }
  };
  const actions = writable
    ? {
        onOpen: edit ? (item: ExtensionItem) => void open(item) : undefined,
        onRemove: canRemove ? (item: ExtensionItem) => write.run({ op: 'remove', name: item.name }) : undefined,
      }
    : {};

  return (
    <section className="section">
      <h2>{spec.title}</h2>
      <ExtensionList host={host} kind={kind} label={spec.label} row={spec.row} pending={write.pending} {...actions} />
      {writable && !canRemove && spec.removeRoute ? (
        <p className="needs-openwork">{spec.removeRoute.unavailable}</p>
      ) : null}
      {loadError ? <p className="error">{loadError}</p> : null}
      {editing && edit?.mode === 'document' ? (
        <DocumentEditor
          label={edit.label(editing.name)}
          submit={edit.submit}
          content={editing.content}
          onChange={(content) => setEditing({ ...editing, content })}
          onSave={() =>
            write.run({ op: 'save', save: edit.toSave(editing.name, editing.content) }, () => setEditing(undefined))
          }
          onCancel={() => setEditing(undefined)}
          pending={write.pending}
        />
      ) : null}
      {writable ? (
        <ExtensionForm
          name={spec.form.name}
          submit={spec.form.submit}
          fields={spec.form.fields}
          values={values}
          onChange={setValues}
          onSubmit={() =>
            write.run({ op: 'save', save: spec.form.toSave(values) }, () => setValues(emptyValues(spec.form.fields)))
          }
          pending={write.pending}
        />
      ) : (
        <NeedsOpenwork
          what={spec.readOnlyWhat}
          reason={host.kind === 'openwork' ? 'read-only-host' : 'direct-opencode'}
        />
      )}
      <WriteState write={write} />
    </section>
  );
}
