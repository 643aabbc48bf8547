/**
 * The OpenWork host API, one file per area: capabilities, workspaces, files, extensions (skills,
 * plugins, MCP servers, commands, config, engine reload), the host's approvals and whoami, and
 * the audit log, and which routes a host lacks (`route-memory.ts`). Every call goes only to the paired host URL with the bearer token (`client.ts`)
 * and reads its answer without trusting its shape (`answers.ts`). Errors are `HostError`s;
 * `errors.ts` reads the host's own error code.
 *
 * Exported as the `openwork` namespace of `@/host` (`openwork.listSkills`, …).
 */
export * from './approvals';
export * from './audit';
export * from './capabilities';
export * from './errors';
export * from './extensions';
export * from './files';
export * from './route-memory';
export * from './workspaces';
