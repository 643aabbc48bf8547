/**
 * How a message in the transcript opens its actions (revert to here, fork from here): the session
 * screen provides the opener; without one (other screens, tests of the transcript alone) no
 * actions button is shown.
 */
import { createContext } from 'react';

/** Opens the actions of the user message with this id; undefined when the transcript offers none. */
export const MessageActionsContext = createContext<((messageId: string) => void) | undefined>(undefined);
