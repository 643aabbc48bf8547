/** The MSW server shared by unit tests; each test adds its own handlers with `server.use`. */
import { setupServer } from 'msw/node';

export const server = setupServer();
