/**
 * The host boundary: everything that knows URLs, headers, tokens, the probe and the event stream.
 * Features import from `@/host` only.
 */
export { probe } from './probe';
export { parseWorkspaces } from './workspace-target';
export { listWorkspaces, switchWorkspace } from './workspaces';
export type {
  ProbeInput,
  ProbeOptions,
  ProbeResult,
  ProbeSuccess,
  OpenworkProbeSuccess,
  OpencodeProbeSuccess,
  ProbeFailure,
  ProbeStep,
} from './probe';
export { HostError, describeError, isClientError } from './errors';
export type { HostErrorCode } from './errors';
export type {
  HostKind,
  HostCredentials,
  OpencodeTarget,
  PairedHost,
  OpenworkPairedHost,
  OpencodePairedHost,
  WorkspaceSummary,
} from './types';
export {
  useHostsStore,
  useActiveHost,
  useHost,
  useHostsHydrated,
  whenHostsHydrated,
  useHostsProtection,
  newHostId,
  HOSTS_STORAGE_KEY,
  HOSTS_STORAGE_VERSION,
} from './hosts-store';
export type { StorageProtection } from './secure-storage';
export {
  opencodeFor,
  subscribeHost,
  reconnectHost,
  disconnectHost,
  forgetHost,
  onHostForgotten,
  useConnectionStatus,
  useHostReachability,
  hostReachability,
  checkHostNow,
  useConnectionStatuses,
  unknownEventCount,
} from './connections';
export type { UnknownEventCount, HostRecoverListener } from './connections';
export type { StreamStatus } from './event-stream';
export type { HostReachability } from './host-watch';
export { unwrap } from './sdk';
export { fetchMessagePage } from './messages';
export type { MessagePage, MessagePageRequest } from './messages';
export {
  listAgents,
  listCommands,
  findFiles,
  workspaceDirectory,
  workspaceFilePart,
  sendPromptInput,
  runCommand,
  FILE_MATCH_LIMIT,
} from './steer';
export type { AgentChoice, ModelRef, SlashCommand, FilePartInput, PromptInput, CommandInput } from './steer';
export { isRecord, numberOr, readList, readRecord, stringOr, unexpectedShape } from './shapes';
export * as openwork from './openwork';
export type {
  OpenworkCapabilities,
  WorkspaceFile,
  CatalogItem,
  Skill,
  Plugin,
  McpServer,
  Command,
  AuditEntry,
  HostApproval,
} from './openwork';
export {
  openworkErrorCode,
  openworkErrorDetails,
  isRouteMissing,
  describeOpenworkWriteError,
  useRouteKnownMissing,
  ROUTE_KEYS,
} from './openwork';
export type { WriteErrorWording } from './openwork';
export type { OpencodeClient } from '@opencode-ai/sdk/v2/client';
export { hostKey, hostQueryKeys, capabilitiesQuery, workspacesQuery, whoamiQuery } from './queries';
export {
  fetchSessionDiff,
  revertSession,
  unrevertSession,
  renameSession,
  deleteSession,
  forkSession,
  shareSession,
  unshareSession,
  fetchSessionChildren,
  fetchShareEnabled,
} from './session-actions';
export { providersQuery, readHostProviders, contextLimitOf, modelChoices } from './providers';
export type { HostProviders, Provider, ProviderModel, ProviderModels } from './providers';
export {
  fetchVapidKey,
  createPushSubscription,
  updatePushSubscription,
  deletePushSubscription,
  sendTestPush,
  sendPresence,
  hostBehindGateway,
  forgetPush,
} from './push-gateway';
export type { GatewayUnavailable, PushOptions, PushSubscriptionJson } from './push-gateway';
export {
  readPushPrefs,
  writePushPrefs,
  readPushLog,
  takeUnmergedAnswers,
  syncPushHosts,
  DEFAULT_PUSH_PREFS,
} from './push-store';
export type { PushPrefs, PushLogEntry } from './push-store';
