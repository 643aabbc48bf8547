/** The transcript of a session: messages and their parts as they stream. */
import { memo } from 'react';
import type { MessageWithParts } from './api';
import { PartView } from './part-view';

const MessageView = memo(function MessageView({ message }: { message: MessageWithParts }) {
  const { info, parts } = message;
  const error = info.role === 'assistant' && info.error ? ('data' in info.error && typeof info.error.data?.message === 'string' ? info.error.data.message : info.error.name) : undefined;
  return (
    <article className={`message message-${info.role}`} aria-label={info.role === 'user' ? 'Your message' : 'Assistant message'}>
      {parts.map((part) => (
        <PartView key={part.id} part={part} />
      ))}
      {error ? <p className="message-error">{error}</p> : null}
    </article>
  );
});

export function Transcript({ messages }: { messages: MessageWithParts[] }) {
  if (messages.length === 0) return <p className="empty">No messages yet. Send a prompt to start the run.</p>;
  return (
    <div className="transcript">
      {messages.map((message) => (
        <MessageView key={message.info.id} message={message} />
      ))}
    </div>
  );
}
