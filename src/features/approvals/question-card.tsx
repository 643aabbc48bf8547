/** A question from the agent's question tool: choose option(s) or type an answer, or dismiss. */
import { useState, type ReactNode } from 'react';
import { describeQuestion, type QuestionRequest } from '@/domain';
import type { PairedHost } from '@/host';
import { approvalKeys, rejectQuestion, replyQuestion } from './api';
import { useReply } from './use-reply';

export function QuestionCard({
  host,
  request,
  sessionTitle,
  origin,
}: {
  host: PairedHost;
  request: QuestionRequest;
  sessionTitle?: string;
  /** Where the request comes from (host, workspace, session), shown instead of `sessionTitle` (the inbox). */
  origin?: ReactNode;
}) {
  const [chosen, setChosen] = useState<string[][]>(() => request.questions.map(() => []));
  const [custom, setCustom] = useState<string[]>(() => request.questions.map(() => ''));
  const { summary, short } = describeQuestion(request);
  // `null` declines to answer ("Dismiss").
  const reply = useReply<string[][] | null>({
    host,
    request,
    listKey: approvalKeys.questions(host.id),
    describe: short,
    label: (answers) => (answers ? answers.map((a) => a.join(', ')).join(' | ') : 'Dismiss'),
    logged: (answers) => (answers ? answers.map((a) => a.join(', ')).join(' | ') : 'dismissed'),
    send: (answers) => (answers ? replyQuestion(host, request.id, answers) : rejectQuestion(host, request.id)),
  });

  const toggle = (qi: number, label: string, multiple: boolean) =>
    setChosen((all) =>
      all.map((list, i) =>
        i !== qi
          ? list
          : multiple
            ? list.includes(label)
              ? list.filter((l) => l !== label)
              : [...list, label]
            : [label],
      ),
    );
  const answers = chosen.map((list, i) => (custom[i]?.trim() ? [...list, custom[i]!.trim()] : list));
  const complete = answers.every((a) => a.length > 0);

  return (
    <article className="approval-card" aria-label={`Question: ${summary}`}>
      <header>
        <span className="approval-kind">question</span>
        {origin ?? (sessionTitle ? <span className="approval-session">in {sessionTitle}</span> : null)}
      </header>
      {request.questions.map((question, qi) => (
        <fieldset key={qi} className="question">
          <legend>{question.question}</legend>
          {question.options.map((option) => (
            <label key={option.label} className="option">
              <input
                type={question.multiple ? 'checkbox' : 'radio'}
                name={`${request.id}-${qi}`}
                checked={chosen[qi]?.includes(option.label) ?? false}
                onChange={() => toggle(qi, option.label, question.multiple ?? false)}
              />
              <span>
                {option.label}
                {option.description ? <small> — {option.description}</small> : null}
              </span>
            </label>
          ))}
          {question.custom !== false ? (
            <input
              type="text"
              aria-label="Your own answer"
              placeholder="Or type an answer"
              value={custom[qi] ?? ''}
              onChange={(e) => setCustom((all) => all.map((v, i) => (i === qi ? e.target.value : v)))}
            />
          ) : null}
        </fieldset>
      ))}
      {reply.error ? (
        <p className="error" role="alert">
          {reply.error}
        </p>
      ) : null}
      <div className="approval-actions">
        <button type="button" disabled={!complete || reply.locked} onClick={() => reply.answer(answers)}>
          {reply.pending && reply.sending !== null ? 'Sending…' : 'Answer'}
        </button>
        <button type="button" className="secondary" disabled={reply.locked} onClick={() => reply.answer(null)}>
          Dismiss
        </button>
      </div>
    </article>
  );
}
