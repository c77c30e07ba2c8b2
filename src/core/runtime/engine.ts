// Connect to the first Docker engine that answers.
import { discoverEndpoints, DiscoveryOptions } from './discovery';
import { createDockerClient, DockerClient } from './dockerClient';
import { isCancelled } from './timeout';
import { CallOptions, CancelledError, EngineEndpoint, EngineUnreachableError } from './types';

export const PING_TIMEOUT_MS = 3_000;

export interface ConnectOptions extends CallOptions, DiscoveryOptions {
  /** Bound of each candidate's ping (default 3 s). `timeoutMs` is the default bound of the client's later calls. */
  pingTimeoutMs?: number;
  /** Candidates to try instead of discovering them. */
  endpoints?: EngineEndpoint[];
}

/**
 * Pings the candidates of `discoverEndpoints` in order and returns a client for the first that answers.
 * Throws EngineUnreachableError naming every address tried; a missing socket or refused port fails at once.
 */
export async function connectEngine(opts: ConnectOptions = {}): Promise<DockerClient> {
  const candidates = opts.endpoints ?? discoverEndpoints(opts);
  const errors: unknown[] = [];
  for (const endpoint of candidates) {
    if (opts.signal?.aborted) throw new CancelledError('connecting to Docker');
    try {
      const client = createDockerClient(endpoint, { timeoutMs: opts.timeoutMs });
      await client.ping({ signal: opts.signal, timeoutMs: opts.pingTimeoutMs ?? PING_TIMEOUT_MS });
      return client;
    } catch (err) {
      if (isCancelled(err)) throw err;
      errors.push(err instanceof EngineUnreachableError && err.cause ? err.cause : err);
    }
  }
  const where = candidates.map((c) => c.where).join(', ') || 'no address';
  throw new EngineUnreachableError(where, errors.length === 1 ? errors[0] : new AggregateError(errors, describe(candidates, errors)));
}

function describe(candidates: EngineEndpoint[], errors: unknown[]) {
  return candidates.map((c, i) => `${c.where} (${c.source}): ${(errors[i] as Error | undefined)?.message ?? 'not tried'}`).join('; ');
}
