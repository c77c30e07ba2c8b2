// Measuring a run's cost: each line's quantity and the events, read the way the lab says (PromQL over the
// run, or a number in a probe's JSON answer), through the host's own reader. The checker passes its
// Prometheus client and probe reader, so the cost is measured with the same instruments as the checks.
import { isCancelled } from '../runtime/timeout';
import { costBlock } from './model';
import type { CostBlock, CostMeasure, CostSpec } from './types';

export interface CostReader {
  /** An instant PromQL value at the run's end, `$__run` already replaced by the run's range; null: no data. */
  promql(query: string): Promise<number | null>;
  /** The number at `path` in the JSON answer of GET service:port/path; null: no data. */
  probe(target: { service: string; port: number; path: string }, path: string): Promise<number | null>;
}

/** Reads every quantity (in parallel) and prices the run. A failed read is no data, noted by its reason. */
export async function measureCost(spec: CostSpec, runRange: string, read: CostReader): Promise<CostBlock> {
  const failures: string[] = [];
  const one = async (title: string, m: CostMeasure): Promise<number | null> => {
    try {
      return 'query' in m ? await read.promql(m.query.replace(/\$__run\b/g, runRange)) : await read.probe(m.probe, m.path);
    } catch (err) {
      if (isCancelled(err)) throw err; // a cancelled check stops; it does not report a cost with holes
      failures.push(`${title}: ${(err as Error).message}`);
      return null;
    }
  };
  const [events, ...values] = await Promise.all([one(spec.events.title, spec.events), ...spec.items.map((i) => one(i.title, i))]);
  const block = costBlock(spec, Object.fromEntries(spec.items.map((i, k) => [i.id, values[k]])), events);
  block.notes.push(...failures.map((f) => `could not be read: ${f}`));
  return block;
}
