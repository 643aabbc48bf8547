/**
 * The prompt composer. The draft is saved per session as it is typed, survives reloads, and is
 * cleared only after the host accepted the prompt; a failed send keeps the text and says why.
 */
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { describeError, type PairedHost } from '@/host';
import { abortSession, sendPrompt } from './api';
import { useDraftsStore } from './drafts-store';

export function Composer({ host, sessionId, busy }: { host: PairedHost; sessionId: string; busy: boolean }) {
  const draft = useDraftsStore((state) => state.get(host.id, sessionId) ?? '');
  const setDraft = useDraftsStore((state) => state.set);
  const clearDraft = useDraftsStore((state) => state.remove);
  const [error, setError] = useState<string>();

  const send = useMutation({
    mutationFn: ({ text }: { text: string; draft: string }) => sendPrompt(host, sessionId, text),
    onMutate: () => setError(undefined),
    onSuccess: (_data, { draft: sent }) => {
      // Only clear what was sent: text typed while the request was in flight stays.
      if (useDraftsStore.getState().get(host.id, sessionId) === sent) clearDraft(host.id, sessionId);
    },
    onError: (err) => setError(`Not sent: ${describeError(err)}`),
  });
  const abort = useMutation({
    mutationFn: () => abortSession(host, sessionId),
    onError: (err) => setError(`Could not stop the run: ${describeError(err)}`),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const text = draft.trim();
    if (!text || send.isPending) return;
    send.mutate({ text, draft });
  };

  return (
    <form className="composer" onSubmit={submit}>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      <label htmlFor="prompt" className="visually-hidden">
        Prompt
      </label>
      <textarea
        id="prompt"
        rows={2}
        placeholder="Ask the agent…"
        value={draft}
        onChange={(e) => setDraft(host.id, sessionId, e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) submit(e);
        }}
      />
      <div className="composer-actions">
        {busy ? (
          <button type="button" className="secondary" onClick={() => abort.mutate()} disabled={abort.isPending}>
            {abort.isPending ? 'Stopping…' : 'Stop'}
          </button>
        ) : null}
        <button type="submit" disabled={!draft.trim() || send.isPending}>
          {send.isPending ? 'Sending…' : 'Send'}
        </button>
      </div>
    </form>
  );
}
