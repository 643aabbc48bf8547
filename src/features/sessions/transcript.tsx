/**
 * The transcript of a session: messages and their parts as they stream. Long sessions are
 * virtualised (@tanstack/react-virtual, window scrolling): only the messages near the viewport are
 * in the DOM, so thousands of messages stay cheap. The view follows new text while the reader is
 * at the bottom, and stays put when they scrolled up to read.
 *
 * Only the newest messages may be loaded: scrolling up near the top loads the page before them
 * (the "Load earlier messages" button does the same for keyboards and screen readers), and the
 * messages on screen stay where they were while the older ones are added above.
 */
import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { memo, useContext, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { MessageWithParts } from './api';
import { MessageActionsContext } from './message-actions';
import { LatestAssistantMessageContext, PartView } from './part-view';

/** Above this many messages the transcript is virtualised. */
export const VIRTUALIZE_AFTER = 60;
/** Within this many px of the end counts as "at the bottom". */
const BOTTOM_SLACK_PX = 160;
/**
 * Scrolling up to within this many px of the top loads earlier messages: about two phone screens,
 * so the next page usually arrives before the reader reaches the top.
 */
const LOAD_EARLIER_WITHIN_PX = 1_500;

/** Loading the messages before the loaded ones: state and action, from the session screen. */
export interface EarlierControl {
  /** Older messages exist on the host and are not loaded yet. */
  available: boolean;
  /** A load is in flight. */
  loading: boolean;
  /** Why the last load failed, in words for people; undefined when it did not. */
  error: string | undefined;
  /** How many messages the last load added (announced to screen readers); undefined before one. */
  added: number | undefined;
  /** Starts a load; calling it while one is in flight joins that one. */
  load: () => void;
}

/** The id of the last assistant message (the only one whose tool calls can still be running). */
function lastAssistantId(messages: MessageWithParts[]): string | undefined {
  for (let i = messages.length - 1; i >= 0; i -= 1)
    if (messages[i]?.info.role === 'assistant') return messages[i]?.info.id;
  return undefined;
}

/** Which agent and model answered: a small line above an assistant message (`agent · providerID/modelID`). */
function AnsweredBy({ info }: { info: Extract<MessageWithParts['info'], { role: 'assistant' }> }) {
  const agent = info.agent || info.mode;
  const model = info.modelID ? `${info.providerID}/${info.modelID}` : '';
  if (!agent && !model) return null;
  return <p className="message-by">{[agent, model].filter(Boolean).join(' · ')}</p>;
}

const MessageView = memo(function MessageView({ message, latest }: { message: MessageWithParts; latest: boolean }) {
  const { info, parts } = message;
  const openActions = useContext(MessageActionsContext);
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
      {openActions && info.role === 'user' ? (
        <button
          type="button"
          className="link-button message-actions"
          aria-label="Message actions"
          onClick={() => openActions(info.id)}
        />
      ) : null}
      {info.role === 'assistant' ? <AnsweredBy info={info} /> : null}
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

/**
 * Keeps the page scrolled to the end when `latest` changes, if the reader was at the end. The
 * scroll is set in the next animation frame, once per frame however many commits came before it:
 * reading `scrollHeight` right after a commit forced a layout of the whole page inside React's
 * task on every streamed batch, where the frame's own layout does the same work once.
 */
function useFollowLatest(latest: unknown): void {
  const atBottom = useRef(true);
  const frame = useRef<number | undefined>(undefined);
  // Where the last follow put the page. A scroll event that reports this position (or below it)
  // comes from that follow, possibly after more text made the page taller: still following. Only
  // a reader scrolling above it stops the follow.
  const followedTo = useRef(Number.POSITIVE_INFINITY);
  useEffect(() => {
    const onScroll = () => {
      const el = scroller();
      if (el.scrollTop >= followedTo.current) return;
      followedTo.current = Number.POSITIVE_INFINITY;
      atBottom.current = el.scrollTop + window.innerHeight >= el.scrollHeight - BOTTOM_SLACK_PX;
    };
    window.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      window.removeEventListener('scroll', onScroll);
      if (frame.current !== undefined) cancelAnimationFrame(frame.current);
    };
  }, []);
  useLayoutEffect(() => {
    if (!atBottom.current || frame.current !== undefined) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = undefined;
      // The reader may have scrolled up since the commit: their place wins.
      if (!atBottom.current) return;
      const el = scroller();
      el.scrollTop = el.scrollHeight;
      followedTo.current = el.scrollTop;
    });
  }, [latest]);
}

/**
 * Keeps the messages on screen where they are when older ones are added above them: the distance
 * from the reader's position to the end of the page is the same after the update as before it.
 * That distance is read while rendering the update that brings an older first message (the DOM
 * still shows the page before it) and applied after its commit. Reading it after every commit
 * instead forced a layout of the whole page on every streamed batch.
 */
function useKeepPositionOnPrepend(firstId: string | undefined): void {
  const [seen, setSeen] = useState<{ firstId: string | undefined; fromEnd: number | undefined }>({
    firstId,
    fromEnd: undefined,
  });
  if (firstId !== seen.firstId) {
    // Adjusting state while rendering (React's documented pattern); the read is of the old page.
    const older = seen.firstId !== undefined && firstId !== undefined && firstId < seen.firstId;
    const el = older ? scroller() : undefined;
    setSeen({ firstId, fromEnd: el ? el.scrollHeight - el.scrollTop : undefined });
  }
  useLayoutEffect(() => {
    if (seen.fromEnd === undefined) return;
    const el = scroller();
    el.scrollTop = el.scrollHeight - seen.fromEnd;
  }, [seen]);
}

/**
 * Loads earlier messages when the reader scrolls up near the top ({@link LOAD_EARLIER_WITHIN_PX}). Only a scroll
 * upwards counts: the jump to the latest message on opening, or a page that opens near the top,
 * must not fetch what nobody asked to see.
 */
function useLoadEarlierOnScrollUp(earlier: EarlierControl | undefined): void {
  const current = useRef(earlier);
  useLayoutEffect(() => {
    current.current = earlier;
  });
  useEffect(() => {
    let lastTop = scroller().scrollTop;
    const onScroll = () => {
      const top = scroller().scrollTop;
      const up = top < lastTop;
      lastTop = top;
      const control = current.current;
      // After a failure the reader retries with the button: scrolling must not hammer the host.
      if (!up || !control?.available || control.loading || control.error) return;
      if (top < LOAD_EARLIER_WITHIN_PX) control.load();
    };
    window.addEventListener('scroll', onScroll, { passive: true });
    return () => window.removeEventListener('scroll', onScroll);
  }, []);
}

/** The "Load earlier messages" button above the transcript, its progress and its failure. */
function LoadEarlier({ earlier }: { earlier: EarlierControl | undefined }) {
  const announcement = earlier?.loading
    ? 'Loading earlier messages…'
    : earlier?.added !== undefined
      ? `Loaded ${earlier.added} earlier ${earlier.added === 1 ? 'message' : 'messages'}.`
      : '';
  return (
    <div className="transcript-earlier">
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
      {earlier?.error ? (
        <p className="error" role="alert">
          Could not load earlier messages: {earlier.error}
        </p>
      ) : null}
      {earlier?.available ? (
        <button
          type="button"
          className="secondary"
          onClick={earlier.load}
          disabled={earlier.loading}
          aria-busy={earlier.loading}
        >
          {earlier.loading ? 'Loading earlier messages…' : 'Load earlier messages'}
        </button>
      ) : null}
    </div>
  );
}

function PlainTranscript({ messages }: { messages: MessageWithParts[] }) {
  useFollowLatest(messages[messages.length - 1]);
  useKeepPositionOnPrepend(messages[0]?.info.id);
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
  // The list's distance from the top of the page: the virtualiser measures from there. It moves
  // when what is above the list changes (the "Load earlier" button appears or goes).
  const listRef = useRef<HTMLDivElement | null>(null);
  // Measured after every commit on purpose (no dependency list); the comparison ends the loop.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useLayoutEffect(() => {
    const top = listRef.current?.offsetTop;
    if (top !== undefined && top !== scrollMargin) setScrollMargin(top);
  });
  const virtualizer = useWindowVirtualizer({
    count: messages.length,
    estimateSize: () => 140,
    overscan: 6,
    scrollMargin,
    getItemKey: (index) => messages[index]?.info.id ?? index,
  });
  const latest = messages[messages.length - 1];
  useFollowLatest(latest);
  useKeepPositionOnPrepend(messages[0]?.info.id);
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

/**
 * A session's loaded messages, oldest first, with `earlier` (when given) to load the ones before
 * them. Virtualised above {@link VIRTUALIZE_AFTER} messages or as soon as more can be loaded, and
 * then for good: switching lists would lose the reader's place.
 */
export function Transcript({ messages, earlier }: { messages: MessageWithParts[]; earlier?: EarlierControl }) {
  const [virtual, setVirtual] = useState(false);
  const wantsVirtual = messages.length > VIRTUALIZE_AFTER || Boolean(earlier?.available);
  // Adjusting state while rendering (React's documented pattern): no extra commit of the plain list.
  if (wantsVirtual && !virtual) setVirtual(true);
  useLoadEarlierOnScrollUp(earlier);
  if (messages.length === 0 && !earlier?.available)
    return <p className="empty">No messages yet. Send a prompt to start the run.</p>;
  return (
    <>
      <LoadEarlier earlier={earlier} />
      {virtual || wantsVirtual ? <VirtualTranscript messages={messages} /> : <PlainTranscript messages={messages} />}
    </>
  );
}
