/** The push companion (presence, notification answers, "While you were away"), off the first screen. */
import { lazy } from 'react';

/** Lazy `PushCompanion` (see push-companion.tsx); render it inside a `Suspense`. */
export const PushCompanion = lazy(() => import('./push-companion'));
