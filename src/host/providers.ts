/**
 * The models a host can use (`GET /config/providers`), read once per host into a small shape that
 * the usage line (context limits) and the model picker share: one query key, one request.
 */
import { queryOptions } from '@tanstack/react-query';
import { isRecord, numberOr, stringOr } from '@/lib/guards';
import { opencodeFor } from './connections';
import { hostKey } from './queries';
import { unwrap } from './sdk';
import { unexpectedShape } from './shapes';
import type { PairedHost } from './types';

/** One model of a provider. */
export interface ProviderModel {
  id: string;
  /** Display name; the id when the host gave none. */
  name: string;
  /** The model's context window in tokens; 0 when the host did not say. */
  contextLimit: number;
  /** The most tokens one reply may have; 0 when the host did not say. */
  outputLimit: number;
}

/** One provider and its models. */
export interface Provider {
  id: string;
  name: string;
  models: ProviderModel[];
}

/** What `GET /config/providers` says: the providers and each provider's default model id. */
export interface HostProviders {
  providers: Provider[];
  /** Provider id → its default model id. */
  defaults: Record<string, string>;
}

function readModel(id: string, value: unknown): ProviderModel {
  const model = isRecord(value) ? value : {};
  const limit = isRecord(model.limit) ? model.limit : {};
  return {
    id: stringOr(model.id, id),
    name: stringOr(model.name, id) || id,
    contextLimit: numberOr(limit.context, 0),
    outputLimit: numberOr(limit.output, 0),
  };
}

function readProvider(value: unknown): Provider | undefined {
  if (!isRecord(value) || typeof value.id !== 'string') return undefined;
  const models = isRecord(value.models) ? value.models : {};
  return {
    id: value.id,
    name: stringOr(value.name, value.id) || value.id,
    models: Object.entries(models).map(([id, model]) => readModel(id, model)),
  };
}

/**
 * Reads an answer of `GET /config/providers` (`{providers: [...], default: {providerId: modelId}}`).
 *
 * @throws {HostError} `bad-response` when the answer has no `providers` list.
 */
export function readHostProviders(answer: unknown): HostProviders {
  if (!isRecord(answer) || !Array.isArray(answer.providers))
    throw unexpectedShape('GET /config/providers', 'an object with a providers list', answer, { field: 'providers' });
  const defaults: Record<string, string> = {};
  if (isRecord(answer.default))
    for (const [provider, model] of Object.entries(answer.default))
      if (typeof model === 'string') defaults[provider] = model;
  return {
    providers: answer.providers.map(readProvider).filter((p): p is Provider => p !== undefined),
    defaults,
  };
}

/** The context window (tokens) of one model, or undefined when the host does not know it. */
export function contextLimitOf(
  providers: HostProviders | undefined,
  providerId: string,
  modelId: string,
): number | undefined {
  const model = providers?.providers.find((p) => p.id === providerId)?.models.find((m) => m.id === modelId);
  return model && model.contextLimit > 0 ? model.contextLimit : undefined;
}

/**
 * The host's providers and models (`GET /config/providers`). Fresh for 5 minutes: they change
 * only with the host's config.
 *
 * @throws {HostError} from the host call, or `bad-response` for a wrong shape.
 */
export function providersQuery(host: PairedHost) {
  return queryOptions({
    queryKey: [...hostKey(host.id), 'providers'] as const,
    queryFn: async (): Promise<HostProviders> =>
      readHostProviders(await unwrap(opencodeFor(host).config.providers(), 'GET /config/providers')),
    staleTime: 5 * 60_000,
  });
}

/** A provider and its models, as the model picker lists them. */
export interface ProviderModels {
  /** The provider's id, sent as `model.providerID`. */
  id: string;
  /** The provider's display name (its id when the host gave none). */
  name: string;
  /** Its models (`id` is sent as `model.modelID`), sorted by name. */
  models: ProviderModel[];
  /** The id of the provider's default model, when the host named one. */
  defaultModel: string | undefined;
}

/**
 * The model picker's view of {@link HostProviders}: providers with at least one model, sorted by
 * name, models sorted by name, each provider's default model named.
 */
export function modelChoices(providers: HostProviders): ProviderModels[] {
  return providers.providers
    .filter((provider) => provider.models.length > 0)
    .map((provider) => ({
      id: provider.id,
      name: provider.name,
      models: [...provider.models].sort((a, b) => a.name.localeCompare(b.name)),
      defaultModel: providers.defaults[provider.id],
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
