/**
 * The prompt composer. The draft is saved per session as it is typed, survives reloads, and is
 * cleared only after the host accepted the prompt; a failed send keeps the text and says why.
 *
 * It also steers the prompt: the agent and model (remembered per session), `/` commands, `@`
 * workspace files, photos and dictation. The pickers, lists, image code and dictation load when
 * first used; the text, choices and attachments stay in the draft until the host accepted them.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import {
  describeError,
  HostError,
  runCommand,
  sendPromptInput,
  useHostsStore,
  workspaceFilePart,
  type FilePartInput,
  type PairedHost,
} from '@/host';
import { abortSession } from './api';
import { loadAttachments, saveAttachments, type DraftAttachment } from './attachments-store';
import { useDraftsStore } from './drafts-store';
import { commandsQuery, directoryQuery, fileSearchQuery } from './steer-api';
import { pruneSteerDrafts, useSteerStore, type SteerChoice } from './steer-drafts';
import {
  chooseCommand,
  filterCommands,
  filterFiles,
  moveActive,
  optionId,
  parseCommand,
  removeTrigger,
  triggerAt,
  type Trigger,
} from './suggest';
import type { Suggestion } from './suggestion-list';

const SuggestionList = lazy(() => import('./suggestion-list'));
const SteerPicker = lazy(() => import('./steer-picker'));
const Dictation = lazy(() => import('./dictation'));

/** Typing pauses this long (ms) before the host is asked for matching files. */
export const FILE_SEARCH_DEBOUNCE_MS = 150;

const NO_CHOICE: SteerChoice = {};

/** The value of `value`, `delayMs` after it last changed. */
function useDebounced<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}

/**
 * A draft's attachments: loaded from IndexedDB when the composer mounts, written back on every
 * change. `error` says when the device could not keep them (they still go with this prompt).
 */
function useAttachments(hostId: string, sessionId: string) {
  const [items, setItems] = useState<DraftAttachment[]>([]);
  const [error, setError] = useState<string>();
  const current = useRef(items);
  useEffect(() => {
    let live = true;
    loadAttachments(hostId, sessionId)
      .then((stored) => {
        if (!live || stored.length === 0) return;
        current.current = [...stored, ...current.current.filter((item) => !stored.some((s) => s.id === item.id))];
        setItems(current.current);
      })
      .catch((err: unknown) => {
        if (live) setError(`Attachments saved on this device could not be read: ${String(err)}`);
      });
    return () => {
      live = false;
    };
  }, [hostId, sessionId]);
  const update = (next: (items: DraftAttachment[]) => DraftAttachment[]) => {
    current.current = next(current.current);
    setItems(current.current);
    saveAttachments(hostId, sessionId, current.current).catch((err: unknown) =>
      setError(
        `Attachments could not be kept on this device (${String(err)}); they are still attached, but a reload would lose them.`,
      ),
    );
  };
  return { items, current, update, error };
}

let attachmentCounter = 0;
const newAttachmentId = () => `att_${Date.now().toString(36)}_${(attachmentCounter += 1)}`;

export function Composer({ host, sessionId, busy }: { host: PairedHost; sessionId: string; busy: boolean }) {
  const draft = useDraftsStore((state) => state.get(host.id, sessionId) ?? '');
  const setDraftIn = useDraftsStore((state) => state.set);
  const clearDraft = useDraftsStore((state) => state.remove);
  const choice = useSteerStore((state) => state.get(host.id, sessionId) ?? NO_CHOICE);
  const setChoice = useSteerStore((state) => state.set);
  const attachments = useAttachments(host.id, sessionId);
  const queryClient = useQueryClient();
  const [error, setError] = useState<string>();
  const [caret, setCaret] = useState(0);
  const [dismissed, setDismissed] = useState<string>();
  // The active option, for the list it was chosen in: a new query starts at the first option.
  const [activeIn, setActiveIn] = useState({ list: '', index: 0 });
  const [preparing, setPreparing] = useState(0);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const listId = useId();
  const setDraft = (text: string) => setDraftIn(host.id, sessionId, text);
  const pairedIds = useHostsStore((state) => state.hosts.map((paired) => paired.id).join('\n'));
  useEffect(() => {
    // Only with the hosts loaded (the list holds this one): an empty list is not "all forgotten".
    if (!pairedIds.split('\n').includes(host.id)) return;
    pruneSteerDrafts(pairedIds.split('\n')).catch((err: unknown) =>
      console.warn('Could not delete the attachments of forgotten hosts from IndexedDB.', err),
    );
  }, [pairedIds, host.id]);

  const found = triggerAt(draft, caret);
  const trigger: Trigger | undefined = found && `${found.kind}:${found.start}` !== dismissed ? found : undefined;
  const commands = useQuery({ ...commandsQuery(host), enabled: trigger?.kind === 'command' });
  const fileQuery = useDebounced(trigger?.kind === 'file' ? trigger.query : undefined, FILE_SEARCH_DEBOUNCE_MS);
  const files = useQuery({
    ...fileSearchQuery(host, fileQuery ?? ''),
    enabled: trigger?.kind === 'file' && fileQuery !== undefined,
  });

  const suggestions: Suggestion[] =
    trigger?.kind === 'command'
      ? filterCommands(commands.data ?? [], trigger.query).map((c) => ({
          id: c.name,
          label: `/${c.name}`,
          ...(c.description ? { detail: c.description } : {}),
        }))
      : trigger?.kind === 'file'
        ? filterFiles(files.data ?? [], trigger.query).map((path) => ({ id: path, label: path }))
        : [];
  const listQuery = trigger ? `${trigger.kind}:${trigger.query}` : '';
  const active = activeIn.list === listQuery ? activeIn.index : 0;
  const activeIndex = suggestions.length === 0 ? -1 : Math.min(active, suggestions.length - 1);

  const listState = trigger?.kind === 'command' ? commands : files;
  const empty = listState.error
    ? `${trigger?.kind === 'command' ? 'Commands' : 'Files'} could not be listed: ${describeError(listState.error)}`
    : listState.isFetching || listState.isPending
      ? 'Loading…'
      : trigger?.kind === 'command'
        ? 'No command matches.'
        : 'No file matches.';

  const send = useMutation({
    mutationFn: async ({ text, files: parts }: { text: string; draft: string; files: DraftAttachment[] }) => {
      const fileParts: FilePartInput[] = parts.map((item) => item.part);
      const run = text.startsWith('/')
        ? parseCommand(text, await queryClient.ensureQueryData(commandsQuery(host)))
        : undefined;
      if (run) await runCommand(host, sessionId, { ...run, ...choice, files: fileParts });
      else await sendPromptInput(host, sessionId, { text, files: fileParts, ...choice });
    },
    onMutate: () => setError(undefined),
    onSuccess: (_data, { draft: sent, files: sentFiles }) => {
      // Only clear what was sent: text typed and files attached while the request was in flight stay.
      if (useDraftsStore.getState().get(host.id, sessionId) === sent) clearDraft(host.id, sessionId);
      attachments.update((items) => items.filter((item) => !sentFiles.includes(item)));
    },
    onError: (err) =>
      setError(
        err instanceof HostError && err.code === 'timeout' && draft.startsWith('/')
          ? 'The command is still running on the host (its answer took longer than this app waits); its progress shows above.'
          : `Not sent: ${describeError(err)}`,
      ),
  });
  const abort = useMutation({
    mutationFn: () => abortSession(host, sessionId),
    onError: (err) => setError(`Could not stop the run: ${describeError(err)}`),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const text = draft.trim();
    const files = attachments.current.current;
    if ((!text && files.length === 0) || send.isPending || preparing > 0) return;
    send.mutate({ text, draft, files });
  };

  const choose = async (index: number) => {
    if (!trigger) return;
    if (trigger.kind === 'command') {
      const command = suggestions[index];
      if (!command) return;
      const next = chooseCommand(draft, trigger, command.id);
      setDraft(next);
      setCaret(next.length);
      textarea.current?.focus();
      return;
    }
    const path = suggestions[index]?.id;
    if (!path) return;
    const next = removeTrigger(draft, trigger);
    setDraft(next);
    setCaret(trigger.start);
    textarea.current?.focus();
    try {
      const directory = await queryClient.fetchQuery(directoryQuery(host));
      const part = workspaceFilePart(directory, path);
      attachments.update((items) =>
        items.some((item) => item.part.url === part.url)
          ? items
          : [...items, { id: newAttachmentId(), kind: 'file', part }],
      );
    } catch (err) {
      setError(`${path} could not be attached: ${describeError(err)}`);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (trigger) {
      if (event.key === 'Escape') {
        event.preventDefault();
        setDismissed(`${trigger.kind}:${trigger.start}`);
        return;
      }
      if (suggestions.length > 0) {
        if (['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(event.key) && !event.altKey) {
          event.preventDefault();
          setActiveIn({ list: listQuery, index: moveActive(activeIndex, event.key, suggestions.length) });
          return;
        }
        if ((event.key === 'Enter' || event.key === 'Tab') && !event.shiftKey && !event.metaKey && !event.ctrlKey) {
          event.preventDefault();
          void choose(activeIndex);
          return;
        }
      }
    }
    if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) submit(event);
  };

  const addPhotos = async (list: FileList | null) => {
    const picked = list ? [...list] : [];
    if (picked.length === 0) return;
    setError(undefined);
    setPreparing((n) => n + picked.length);
    try {
      const { prepareImage } = await import('./image-downscale');
      const problems: string[] = [];
      for (const file of picked) {
        try {
          const image = await prepareImage(file);
          const part: FilePartInput = { type: 'file', mime: image.mime, url: image.dataUrl, filename: image.filename };
          attachments.update((items) => [...items, { id: newAttachmentId(), kind: 'image', part }]);
        } catch (err) {
          problems.push(err instanceof Error ? err.message : String(err));
        }
      }
      if (problems.length) setError(problems.join(' '));
    } catch (err) {
      setError(
        `Photos could not be prepared (the app's image code did not load: ${String(err)}); reload and try again.`,
      );
    } finally {
      setPreparing((n) => n - picked.length);
    }
  };

  // Checked here, not in the dictation module, so that module loads only where it can work.
  const hasSpeech = 'SpeechRecognition' in window || 'webkitSpeechRecognition' in window;
  const coarse = typeof matchMedia === 'function' && matchMedia('(pointer: coarse)').matches;
  const listOpen = trigger !== undefined;

  return (
    <form className="composer" onSubmit={submit}>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      {attachments.error ? (
        <p className="error" role="alert">
          {attachments.error}
        </p>
      ) : null}
      <Suspense fallback={null}>
        <SteerPicker host={host} choice={choice} onChange={(next) => setChoice(host.id, sessionId, next)} />
      </Suspense>
      {listOpen ? (
        <Suspense fallback={<p className="suggestions-empty">Loading…</p>}>
          <SuggestionList
            id={listId}
            label={trigger.kind === 'command' ? 'Commands' : 'Files'}
            items={suggestions}
            active={activeIndex}
            empty={empty}
            onChoose={(index) => void choose(index)}
          />
        </Suspense>
      ) : null}
      {attachments.items.length > 0 || preparing > 0 ? (
        <ul className="attachments" aria-label="Attachments">
          {attachments.items.map((item) => (
            <li key={item.id} className={`attachment attachment-${item.kind}`}>
              {item.kind === 'image' ? <img src={item.part.url} alt="" className="attachment-thumb" /> : null}
              <span className="attachment-name">{item.part.filename}</span>
              <button
                type="button"
                className="secondary icon-button"
                aria-label={`Remove ${item.part.filename}`}
                onClick={() => attachments.update((items) => items.filter((other) => other.id !== item.id))}
              >
                ×
              </button>
            </li>
          ))}
          {preparing > 0 ? (
            <li role="status">Preparing {preparing === 1 ? 'a photo' : `${preparing} photos`}…</li>
          ) : null}
        </ul>
      ) : null}
      <label htmlFor="prompt" className="visually-hidden">
        Prompt
      </label>
      <textarea
        id="prompt"
        ref={textarea}
        rows={2}
        placeholder="Ask the agent… (/ for commands, @ for files)"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={listOpen}
        aria-controls={listOpen ? listId : undefined}
        aria-activedescendant={listOpen && activeIndex >= 0 ? optionId(listId, activeIndex) : undefined}
        value={draft}
        onChange={(e) => {
          setDraft(e.target.value);
          setCaret(e.target.selectionStart);
        }}
        onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
        onBlur={() => trigger && setDismissed(`${trigger.kind}:${trigger.start}`)}
        onFocus={() => setDismissed(undefined)}
        onKeyDown={onKeyDown}
      />
      <div className="composer-actions">
        <label className="secondary button-like">
          Photo
          <input
            type="file"
            accept="image/*"
            multiple
            className="visually-hidden"
            onChange={(e) => {
              void addPhotos(e.target.files);
              e.target.value = '';
            }}
          />
        </label>
        {coarse ? (
          <label className="secondary button-like">
            Camera
            <input
              type="file"
              accept="image/*"
              capture="environment"
              className="visually-hidden"
              onChange={(e) => {
                void addPhotos(e.target.files);
                e.target.value = '';
              }}
            />
          </label>
        ) : null}
        {hasSpeech ? (
          <Suspense fallback={null}>
            <Dictation text={draft} onText={setDraft} onError={setError} />
          </Suspense>
        ) : null}
        {busy ? (
          <button type="button" className="secondary" onClick={() => abort.mutate()} disabled={abort.isPending}>
            {abort.isPending ? 'Stopping…' : 'Stop'}
          </button>
        ) : null}
        <button
          type="submit"
          disabled={(!draft.trim() && attachments.items.length === 0) || send.isPending || preparing > 0}
        >
          {send.isPending ? 'Sending…' : 'Send'}
        </button>
      </div>
    </form>
  );
}
