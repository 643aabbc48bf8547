/**
 * What the composer asks the host to steer a prompt: its agents, models, commands, workspace
 * directory and file matches (react-query options over `src/host/steer.ts`).
 */
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import {
  findFiles,
  hostKey,
  listAgents,
  listCommands,
  modelChoices,
  providersQuery,
  workspaceDirectory,
  type PairedHost,
} from '@/host';

/** Query keys of the steering lists, under the host so forgetting it drops them. */
export const steerKeys = {
  all: (hostId: string) => [...hostKey(hostId), 'steer'] as const,
  agents: (hostId: string) => [...steerKeys.all(hostId), 'agents'] as const,
  commands: (hostId: string) => [...steerKeys.all(hostId), 'commands'] as const,
  directory: (hostId: string) => [...steerKeys.all(hostId), 'directory'] as const,
  files: (hostId: string, query: string) => [...steerKeys.all(hostId), 'files', query] as const,
};

/** Agents, models and commands change when the host's config does: a minute is fresh enough. */
const LIST_STALE_MS = 60_000;

/** The host's primary agents (`GET /agent`). */
export function agentsQuery(host: PairedHost) {
  return queryOptions({
    queryKey: steerKeys.agents(host.id),
    queryFn: () => listAgents(host),
    staleTime: LIST_STALE_MS,
  });
}

/**
 * The host's providers and models as the picker lists them: the shared {@link providersQuery}
 * (`GET /config/providers`, one request for the picker and the usage line) seen through
 * {@link modelChoices}.
 */
export function modelsQuery(host: PairedHost) {
  return queryOptions({ ...providersQuery(host), select: modelChoices });
}

/** The host's slash commands (`GET /command`). */
export function commandsQuery(host: PairedHost) {
  return queryOptions({
    queryKey: steerKeys.commands(host.id),
    queryFn: () => listCommands(host),
    staleTime: LIST_STALE_MS,
  });
}

/** The workspace's absolute directory (`GET /path`), for `file://` parts. */
export function directoryQuery(host: PairedHost) {
  return queryOptions({
    queryKey: steerKeys.directory(host.id),
    queryFn: () => workspaceDirectory(host),
    staleTime: Infinity,
  });
}

/**
 * Workspace files matching `query` (`GET /find/file`). Each query has its own cache entry, so
 * only the answer to what is typed now is shown: a slower answer to an older query never
 * replaces it. The previous answer stays on screen (filtered locally) until the new one arrives.
 */
export function fileSearchQuery(host: PairedHost, query: string) {
  return queryOptions({
    queryKey: steerKeys.files(host.id, query),
    queryFn: () => findFiles(host, query),
    staleTime: 10_000,
    placeholderData: keepPreviousData,
  });
}
