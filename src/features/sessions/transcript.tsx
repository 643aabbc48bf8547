/**
 * The transcript of a session: messages and their parts as they stream. Long sessions are
 * virtualised (@tanstack/react-virtual, window scrolling): only the messages near the viewport are
 * in the DOM, so thousands of messages stay cheap. The view follows new text while the reader is
 * at the bottom, and stays put when they scrolled up to read.
 */
import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { MessageWithParts } from './api';
import { LatestAssistantMessageContext, PartView } from './part-view';

/** Above this many messages the transcript is virtualised. */
export const VIRTUALIZE_AFTER = 60;
/** Within this many px of the end counts as "at the bottom". */
const BOTTOM_SLACK_PX = 160;

/** The id of the last assistant message (the only one whose tool calls can still be running). */
function lastAssistantId(messages: MessageWithParts[]): string | undefined {
  for (let i = messages.length - 1; i >= 0; i -= 1)
    if (messages[i]?.info.role === 'assistant') return messages[i]?.info.id;
  return undefined;
}

const MessageView = memo(function MessageView({ message, latest }: { message: MessageWithParts; latest: boolean }) {
  const { info, parts } = message;
  const error =
    info.role === 'assistant' && info.error
      ? 'data' in info.error && typeof info.error.data?.message === 'string'
        ? info.error.data.message
        : info.error.name
      : undefined;
  return (
    <article
      className={`message message-${info.role}`}
      aria-label={info.role === 'user' ? 'Your message' : 'Assistant message'}
      data-message-id={info.id}
    >
      <LatestAssistantMessageContext.Provider value={latest}>
        {parts.map((part) => (
          <PartView key={part.id} part={part} />
        ))}
      </LatestAssistantMessageContext.Provider>
      {error ? <p className="message-error">{error}</p> : null}
    </article>
  );
});

function scroller(): HTMLElement {
  return (document.scrollingElement as HTMLElement | null) ?? document.documentElement;
}

/** Keeps the page scrolled to the end when `latest` changes, if the reader was at the end. */
function useFollowLatest(latest: unknown): void {
  const atBottom = useRef(true);
  useEffect(() => {
    const onScroll = () => {
      const el = scroller();
      atBottom.current = el.scrollTop + window.innerHeight >= el.scrollHeight - BOTTOM_SLACK_PX;
    };
    window.addEventListener('scroll', onScroll, { passive: true });
    return () => window.removeEventListener('scroll', onScroll);
  }, []);
  useLayoutEffect(() => {
    if (!atBottom.current) return;
    const el = scroller();
    el.scrollTop = el.scrollHeight;
  }, [latest]);
}

function PlainTranscript({ messages }: { messages: MessageWithParts[] }) {
  useFollowLatest(messages[messages.length - 1]);
  const latestId = lastAssistantId(messages);
  return (
    <div className="transcript">
      {messages.map((message) => (
        <MessageView key={message.info.id} message={message} latest={message.info.id === latestId} />
      ))}
    </div>
  );
}

function VirtualTranscript({ messages }: { messages: MessageWithParts[] }) {
  const [scrollMargin, setScrollMargin] = useState(0);
  // The list's distance from the top of the page: the virtualiser measures from there.
  const listRef = useCallback((el: HTMLDivElement | null) => {
    if (el) setScrollMargin(el.offsetTop);
  }, []);
  const virtualizer = useWindowVirtualizer({
    count: messages.length,
    estimateSize: () => 140,
    overscan: 6,
    scrollMargin,
    getItemKey: (index) => messages[index]?.info.id ?? index,
  });
  const latest = messages[messages.length - 1];
  useFollowLatest(latest);
  const latestId = lastAssistantId(messages);
  // Open at the latest messages, like a chat.
  useLayoutEffect(() => {
    virtualizer.scrollToIndex(messages.length - 1, { align: 'end' });
    // Only on first render: later growth is handled by useFollowLatest.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <div
      ref={listRef}
      className="transcript transcript-virtual"
      style={{ height: virtualizer.getTotalSize(), position: 'relative' }}
    >
      {virtualizer.getVirtualItems().map((item) => {
        const message = messages[item.index];
        if (!message) return null;
        return (
          <div
            key={item.key}
            data-index={item.index}
            ref={virtualizer.measureElement}
            className="virtual-row"
            style={{
              position: 'absolute',
              top: 0,
              left: 0,
              width: '100%',
              transform: `translateY(${item.start - scrollMargin}px)`,
            }}
          >
            <MessageView message={message} latest={message.info.id === latestId} />
          </div>
        );
      })}
    </div>
  );
}

export function Transcript({ messages }: { messages: MessageWithParts[] }) {
  if (messages.length === 0) return <p className="empty">No messages yet. Send a prompt to start the run.</p>;
  return messages.length > VIRTUALIZE_AFTER ? (
    <VirtualTranscript messages={messages} />
  ) : (
    <PlainTranscript messages={messages} />
  );
}
