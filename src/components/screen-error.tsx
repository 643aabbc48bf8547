/**
 * What a screen shows when it failed to render or to load its code ({@link ScreenBoundary}): which
 * screen failed and why, then two ways on: "Try again" (fetches the screen's data afresh and
 * renders it again) and "Back to sessions". The rest of the app (the chrome, other screens, the
 * event stream) keeps working, and nothing typed is lost: composer and editor drafts live in
 * persisted stores, not in the screen that failed.
 */
import { useQueryClient } from '@tanstack/react-query';
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { describeError, HostError } from '@/host';

/** No route matches the address (`pathname`, e.g. an old bookmark). */
export class ScreenNotFound extends Error {
  constructor(readonly pathname: string) {
    super(`No screen at ${pathname}`);
    this.name = 'ScreenNotFound';
  }
}

/** A lazy route's code could not be fetched (an update replaced the files, or the network dropped). */
export function isChunkLoadError(error: unknown): boolean {
  return (
    error instanceof Error &&
    /dynamically imported module|Importing a module script failed|Unable to preload CSS|Loading chunk .* failed/i.test(
      error.message,
    )
  );
}

/** One sentence saying what went wrong, for any thrown value. */
export function describeScreenError(error: unknown): string {
  if (error instanceof ScreenNotFound) return 'There is no screen at this address.';
  if (isChunkLoadError(error))
    return 'The code for this screen could not be loaded: the app may have been updated, or the network dropped.';
  if (error instanceof HostError) return describeError(error);
  const message = error instanceof Error ? error.message : String(error);
  return `Something on this screen broke: ${message.length > 300 ? `${message.slice(0, 300)}…` : message}`;
}

/** The failure of screen `screen` (its name for people, e.g. "This session"), with the ways on. */
export function ScreenError({ screen, error }: { screen: string; error: unknown }) {
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const chunk = isChunkLoadError(error);

  const retry = () => {
    // New code is only had by loading it again; drafts are persisted, so a reload loses nothing.
    if (chunk) return window.location.reload();
    // Data that broke the screen must not be rendered again from the cache: fetch it afresh.
    // State kept only on this device (marked `meta.deviceState`, e.g. which requests were answered
    // here) is no host data: resetting it would let a late list bring an answered request back.
    void queryClient.resetQueries({ predicate: (query) => query.meta?.deviceState !== true });
    // A navigation to the same place gives the route a new location key, which resets its boundary.
    void navigate({ pathname: location.pathname, search: location.search, hash: location.hash }, { replace: true });
  };

  return (
    <section className="screen-error" role="alert" aria-labelledby="screen-error-title">
      <h1 id="screen-error-title">{screen} could not be shown</h1>
      <p>{describeScreenError(error)}</p>
      <p className="hint">Your drafts are kept. The rest of the app still works.</p>
      <div className="screen-error-actions">
        <button type="button" onClick={retry}>
          {chunk ? 'Reload the app' : 'Try again'}
        </button>
        <Link to="/" className="button secondary-link">
          Back to sessions
        </Link>
      </div>
    </section>
  );
}

interface BoundaryState {
  failed: boolean;
  error?: unknown;
  /** The `resetKey` the failure happened at. */
  failedAt?: string;
}

interface BoundaryProps {
  /** The screen's name for people, as {@link ScreenError} shows it. */
  screen: string;
  /** A new value clears a caught error (the location key: any navigation, or "Try again"). */
  resetKey: string;
  children: ReactNode;
}

/**
 * The error boundary of one screen: catches what its children throw while rendering (or a lazy
 * screen's code that could not be loaded) and shows {@link ScreenError} in their place until
 * `resetKey` changes.
 */
export class ScreenBoundary extends Component<BoundaryProps, BoundaryState> {
  state: BoundaryState = { failed: false };

  static getDerivedStateFromError(error: unknown): Partial<BoundaryState> {
    return { failed: true, error, failedAt: undefined };
  }

  static getDerivedStateFromProps(props: BoundaryProps, state: BoundaryState): Partial<BoundaryState> | null {
    if (!state.failed) return null;
    // Remember where it failed; leaving that place (a navigation, "Try again") renders afresh.
    if (state.failedAt === undefined) return { failedAt: props.resetKey };
    return state.failedAt === props.resetKey ? null : { failed: false, error: undefined, failedAt: undefined };
  }

  componentDidCatch(error: unknown, info: ErrorInfo) {
    // Shown on the screen; logged for whoever debugs it, with the component stack.
    console.error(`${this.props.screen} failed`, error, info.componentStack);
  }

  render() {
    return this.state.failed ? (
      <ScreenError screen={this.props.screen} error={this.state.error} />
    ) : (
      this.props.children
    );
  }
}
