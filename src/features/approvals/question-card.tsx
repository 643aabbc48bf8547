/** A question from the agent's question tool: choose option(s) or type an answer, or dismiss. */
import { useIsMutating, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { describeError, HostError, type PairedHost, type QuestionRequest } from '@/host';
import { approvalKeys, rejectQuestion, replyQuestion } from './api';
import { useDecisionLog } from './decision-log';
import { useApprovalNotices } from './notices';
import { markReplied } from './replied';

export function QuestionCard({ host, request, sessionTitle }: { host: PairedHost; request: QuestionRequest; sessionTitle?: string }) {
  const queryClient = useQueryClient();
  const record = useDecisionLog((state) => state.record);
  const [chosen, setChosen] = useState<string[][]>(() => request.questions.map(() => []));
  const [custom, setCustom] = useState<string[]>(() => request.questions.map(() => ''));
  const [error, setError] = useState<string>();
  const summary = request.questions.map((q) => q.header || q.question).join('; ');
  const notify = useApprovalNotices((state) => state.push);
  const mutationKey = approvalKeys.reply(host.id, request.id);
  const inFlightAnywhere = useIsMutating({ mutationKey }) > 0;
  const remove = () => {
    markReplied(host.id, request.id);
    queryClient.setQueryData<QuestionRequest[]>(approvalKeys.questions(host.id), (list) => list?.filter((q) => q.id !== request.id));
  };

  const send = useMutation({
    mutationKey,
    mutationFn: (answers: string[][] | null) => (answers ? replyQuestion(host, request.id, answers) : rejectQuestion(host, request.id)),
    onSuccess: (_d, answers) => {
      record({ time: Date.now(), hostId: host.id, hostName: host.name, sessionId: request.sessionID, requestId: request.id, request: `question ${summary}`, answer: answers ? answers.map((a) => a.join(', ')).join(' | ') : 'dismissed', outcome: 'sent' });
      remove();
    },
    onError: (err, answers) => {
      const gone = err instanceof HostError && err.code === 'not-found';
      record({ time: Date.now(), hostId: host.id, hostName: host.name, sessionId: request.sessionID, requestId: request.id, request: `question ${summary}`, answer: answers ? 'answer' : 'dismissed', outcome: gone ? 'answered-elsewhere' : 'failed', detail: describeError(err) });
      if (gone) {
        notify({ hostId: host.id, sessionId: request.sessionID, text: `This request was already answered elsewhere: question ${summary}.` });
        remove();
      } else setError(`Not delivered: ${describeError(err)}`);
    },
  });

  const toggle = (qi: number, label: string, multiple: boolean) =>
    setChosen((all) => all.map((list, i) => (i !== qi ? list : multiple ? (list.includes(label) ? list.filter((l) => l !== label) : [...list, label]) : [label])));
  const answers = chosen.map((list, i) => (custom[i]?.trim() ? [...list, custom[i]!.trim()] : list));
  const complete = answers.every((a) => a.length > 0);

  return (
    <article className="approval-card" aria-label={`Question: ${summary}`}>
      <header>
        <span className="approval-kind">question</span>
        {sessionTitle ? <span className="approval-session">in {sessionTitle}</span> : null}
      </header>
      {request.questions.map((question, qi) => (
        <fieldset key={qi} className="question">
          <legend>{question.question}</legend>
          {question.options.map((option) => (
            <label key={option.label} className="option">
              <input type={question.multiple ? 'checkbox' : 'radio'} name={`${request.id}-${qi}`} checked={chosen[qi]?.includes(option.label) ?? false} onChange={() => toggle(qi, option.label, question.multiple ?? false)} />
              <span>
                {option.label}
                {option.description ? <small> — {option.description}</small> : null}
              </span>
            </label>
          ))}
          {question.custom !== false ? (
            <input type="text" aria-label="Your own answer" placeholder="Or type an answer" value={custom[qi] ?? ''} onChange={(e) => setCustom((all) => all.map((v, i) => (i === qi ? e.target.value : v)))} />
          ) : null}
        </fieldset>
      ))}
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="approval-actions">
        <button type="button" disabled={!complete || send.isPending || inFlightAnywhere} onClick={() => send.mutate(answers)}>
          {send.isPending ? 'Sending…' : 'Answer'}
        </button>
        <button type="button" className="secondary" disabled={send.isPending || inFlightAnywhere} onClick={() => send.mutate(null)}>
          Dismiss
        </button>
      </div>
    </article>
  );
}
