/** Extensions feature: workspaces, skills, plugins, MCP servers, commands, config, audit. */
export { WorkspaceScreen } from './workspace-screen';
