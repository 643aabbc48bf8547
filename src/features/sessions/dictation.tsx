/**
 * Dictation into the composer with the Web Speech API (`SpeechRecognition`, or
 * `webkitSpeechRecognition` in Chrome and Safari). The words go into the prompt for the user to
 * review; nothing is ever sent by dictation. Loaded only where the browser has the API.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';

/** The part of the Web Speech API this uses (TypeScript's DOM types do not declare it). */
interface Recognition {
  continuous: boolean;
  interimResults: boolean;
  lang: string;
  onresult:
    | ((event: {
        resultIndex: number;
        results: ArrayLike<ArrayLike<{ transcript: string }> & { isFinal: boolean }>;
      }) => void)
    | null;
  onerror: ((event: { error: string }) => void) | null;
  onend: (() => void) | null;
  start: () => void;
  stop: () => void;
}

type RecognitionConstructor = new () => Recognition;

/** The browser's speech recognition constructor, or undefined where it has none. */
export function speechRecognition(): RecognitionConstructor | undefined {
  const scope = window as unknown as Record<string, RecognitionConstructor | undefined>;
  return scope.SpeechRecognition ?? scope.webkitSpeechRecognition;
}

/** Props of {@link Dictation}. */
export interface DictationProps {
  /** The prompt's text now: dictated words are added after it. */
  text: string;
  /** Replaces the prompt's text (interim words included, replaced as they settle). */
  onText: (text: string) => void;
  /** Reports a failure in words for people (no microphone permission, no network for recognition…). */
  onError: (message: string) => void;
}

/** The microphone button: tap to dictate, tap again to stop. */
export default function Dictation({ text, onText, onError }: DictationProps) {
  const [listening, setListening] = useState(false);
  const recognition = useRef<Recognition | undefined>(undefined);
  const latest = useRef({ onText, onError });
  useLayoutEffect(() => {
    latest.current = { onText, onError };
  });

  useEffect(() => () => recognition.current?.stop(), []);

  const start = () => {
    const Constructor = speechRecognition();
    if (!Constructor) return;
    const base = text && !/\s$/.test(text) ? `${text} ` : text;
    const session = new Constructor();
    session.continuous = true;
    session.interimResults = true;
    session.lang = navigator.language;
    session.onresult = (event) => {
      let spoken = '';
      for (let i = 0; i < event.results.length; i += 1) spoken += event.results[i]?.[0]?.transcript ?? '';
      latest.current.onText(base + spoken.trimStart());
    };
    session.onerror = (event) => {
      if (event.error === 'aborted' || event.error === 'no-speech') return;
      latest.current.onError(
        event.error === 'not-allowed' || event.error === 'service-not-allowed'
          ? 'Dictation needs the microphone: allow it for this site in the browser settings, then tap the microphone again.'
          : `Dictation stopped (${event.error}): tap the microphone to try again, or type instead.`,
      );
    };
    session.onend = () => setListening(false);
    recognition.current = session;
    session.start();
    setListening(true);
  };

  return (
    <button
      type="button"
      className="secondary icon-button"
      aria-pressed={listening}
      aria-label={listening ? 'Stop dictation' : 'Dictate'}
      onClick={() => (listening ? recognition.current?.stop() : start())}
    >
      {/* Drawn by CSS (a mask over the text colour), not an emoji: not every phone has an emoji
          font; and not inline SVG, which the app never renders (the hostile-content audit holds it to that). */}
      <span className={listening ? 'icon icon-stop' : 'icon icon-mic'} aria-hidden="true" />
    </button>
  );
}
