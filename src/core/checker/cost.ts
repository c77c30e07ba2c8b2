// A check's cost block (lab.yaml `cost`, src/core/cost): each quantity read with the check's own
// instruments, the lab's Prometheus at the run's end and the lab's probes, right after the checks.
import type { LabEntry } from '../labs/types';
import { measureCost } from '../cost/measure';
import type { CostBlock } from '../cost/types';
import { singleValue } from '../metrics/compare';
import type { PrometheusClient } from '../metrics/prometheus';
import { getJson, getPath, targetUrl } from '../runtime/http';
import type { ServiceStatus } from '../runtime/types';

export interface CostContext {
  entry: LabEntry;
  statuses: ServiceStatus[];
  prometheus: PrometheusClient;
  /** The run's end (drain end), where PromQL is evaluated, and its range ($__run). */
  endMs: number;
  range: string;
  signal?: AbortSignal;
}

/** The run's cost, or undefined when the lab has no cost model. A quantity that cannot be read is no data. */
export async function checkCost(ctx: CostContext): Promise<CostBlock | undefined> {
  const spec = ctx.entry.lab.cost;
  if (!spec) return undefined;
  return measureCost(spec, ctx.range, {
    promql: async (query) => singleValue(await ctx.prometheus.query(query, ctx.endMs / 1000, { signal: ctx.signal })).value,
    probe: async (target, path) => {
      const raw = getPath(await getJson(targetUrl(ctx.entry, ctx.statuses, target), { signal: ctx.signal }), path);
      return typeof raw === 'number' ? raw : null;
    },
  });
}
