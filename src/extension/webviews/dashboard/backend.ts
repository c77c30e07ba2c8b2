// What the dashboard needs from the core, behind a narrow interface: stack status (dockerode),
// Prometheus range queries, and the faults module (inject / revert / verify / faultStates).
// The session depends on this interface only, so tests drive it with a fake.
import type { LabEntry } from '../../../core/labs/types';
import type { DockerClient } from '../../../core/runtime/dockerClient';
import type { ServiceStatus } from '../../../core/runtime/types';
import { engineEnv } from '../../config';
import { loadCore, type Core } from '../../core';
import type { ObservedFault } from './faultTimeline';
import type { RawSeries } from './seriesBuffer';
import type { RangeQuery } from './timeWindow';

export interface InjectOutcome {
  /** Verify held within its timeout. */
  verified: boolean;
  detail: string;
}

export interface DashboardBackend {
  stackStatus(entry: LabEntry, signal?: AbortSignal): Promise<ServiceStatus[]>;
  /** Base URL of the lab's Prometheus; throws (with a message for the user) when it is not published. */
  prometheusUrl(entry: LabEntry, services: ServiceStatus[]): string;
  queryRange(url: string, query: string, range: RangeQuery, signal?: AbortSignal): Promise<RawSeries[]>;
  /** /-/ready answers: tells "Prometheus not reachable" from "this query failed". */
  prometheusReady(url: string, signal?: AbortSignal): Promise<boolean>;
  faultStates(entry: LabEntry, signal?: AbortSignal): Promise<ObservedFault[]>;
  /** Injects, then polls verify (≤ 5 s). Throws when the inject itself fails. */
  injectFault(entry: LabEntry, faultId: string, signal?: AbortSignal): Promise<InjectOutcome>;
  revertFault(entry: LabEntry, faultId: string, signal?: AbortSignal): Promise<void>;
}

type Faults = typeof import('../../../core/faults/index');
type Metrics = typeof import('../../../core/metrics/index');
type Needed = Pick<Core, 'connectEngine' | 'stackStatus'> &
  Pick<Faults, 'createFaultContext' | 'injectFault' | 'revertFault' | 'verifyFault' | 'faultStates'> &
  Pick<Metrics, 'prometheusFor' | 'PrometheusClient'>;

/**
 * The core chunk, checked for the exports a call needs (by name: the chunk is loaded lazily, so a
 * build that lacks one fails that call with a clear message instead of "x is not a function").
 */
function neededCore(...keys: (keyof Needed)[]): Needed {
  const core = loadCore() as unknown as Record<string, unknown>;
  const missing = keys.filter((k) => typeof core[k] !== 'function');
  if (missing.length) {
    throw new Error(`this build of Break/Fix Labs lacks ${missing.join(', ')} in dist/core.js (src/core/index.ts must export faults and metrics)`);
  }
  return core as unknown as Needed;
}

const ENGINE: (keyof Needed)[] = ['connectEngine', 'stackStatus'];
const FAULTS: (keyof Needed)[] = ['createFaultContext', 'injectFault', 'revertFault', 'verifyFault', 'faultStates'];

const isUnreachable = (err: unknown) => err instanceof Error && err.name === 'EngineUnreachableError';

/** The real backend: the lazily loaded core chunk, with the user's engine settings. One engine client per backend. */
export class CoreBackend implements DashboardBackend {
  private docker?: Promise<DockerClient>;

  private engine(signal?: AbortSignal): Promise<DockerClient> {
    if (!this.docker) {
      const core = neededCore(...ENGINE);
      this.docker = core.connectEngine({ env: engineEnv(), signal });
      this.docker.catch(() => (this.docker = undefined));
    }
    return this.docker;
  }

  /** Runs a Docker call; an unreachable engine forgets the client, so the next call reconnects. */
  private async withEngine<T>(signal: AbortSignal | undefined, fn: (docker: DockerClient, core: Needed) => Promise<T>, keys: (keyof Needed)[] = []): Promise<T> {
    const core = neededCore(...ENGINE, ...keys);
    const docker = await this.engine(signal);
    try {
      return await fn(docker, core);
    } catch (err) {
      if (isUnreachable(err)) this.docker = undefined;
      throw err;
    }
  }

  stackStatus(entry: LabEntry, signal?: AbortSignal): Promise<ServiceStatus[]> {
    return this.withEngine(signal, (docker, core) => core.stackStatus(entry, { docker, signal, env: engineEnv() }));
  }

  prometheusUrl(entry: LabEntry, services: ServiceStatus[]): string {
    return neededCore('prometheusFor').prometheusFor(entry, services).baseUrl;
  }

  async queryRange(url: string, query: string, range: RangeQuery, signal?: AbortSignal): Promise<RawSeries[]> {
    const client = new (neededCore('PrometheusClient').PrometheusClient)(url);
    return client.queryRange(query, range.start, range.end, range.step, { signal });
  }

  prometheusReady(url: string, signal?: AbortSignal): Promise<boolean> {
    return new (neededCore('PrometheusClient').PrometheusClient)(url).ready({ signal, timeoutMs: 2_000 });
  }

  faultStates(entry: LabEntry, signal?: AbortSignal): Promise<ObservedFault[]> {
    return this.withEngine(signal, async (docker, core) => {
      const ctx = await core.createFaultContext({ docker, signal });
      const states = await core.faultStates(ctx, entry);
      return states.map((s) => ({ id: s.id, active: s.active, detail: s.detail }));
    }, FAULTS);
  }

  injectFault(entry: LabEntry, faultId: string, signal?: AbortSignal): Promise<InjectOutcome> {
    return this.withEngine(signal, async (docker, core) => {
      const ctx = await core.createFaultContext({ docker, signal });
      await core.injectFault(ctx, entry, faultId);
      try {
        const r = await core.verifyFault(ctx, entry, faultId);
        return { verified: true, detail: r.detail };
      } catch (err) {
        if (err instanceof Error && err.name === 'FaultNotActiveError') return { verified: false, detail: err.message };
        throw err;
      }
    }, FAULTS);
  }

  revertFault(entry: LabEntry, faultId: string, signal?: AbortSignal): Promise<void> {
    return this.withEngine(signal, async (docker, core) => {
      const ctx = await core.createFaultContext({ docker, signal });
      await core.revertFault(ctx, entry, faultId);
    }, FAULTS);
  }
}
