// Fixtures of the scale-proof tests: a scaling check, sides, and a fake ScalingIo that records every call.
import type { HttpAction, LabEntry, ScalingCheck } from '../../../src/core/labs/types';
import type { ScalingIo } from '../../../src/core/scaling/measure';
import type { ScalingSide } from '../../../src/core/scaling/types';

export const CHECK: ScalingCheck = {
  id: 'scales-out',
  title: 'Three consumers book orders at least twice as fast as one',
  kind: 'scaling',
  service: 'consumer',
  replicas: [1, 3],
  load: { requests: 600, rate: 200 },
  setup: [{ service: 'ledger', port: 8083, path: '/admin/faults', method: 'POST', body: { latencyMs: 50 } }],
  processed: 'sum(increase(ledger_orders_booked_total[$__run]))',
  timeout: '60s',
  op: '>=',
  threshold: 2,
  unit: 'ratio',
};

export function side(replicas: number, processed: number | null, seconds: number, extra: Partial<ScalingSide> = {}): ScalingSide {
  return {
    replicas,
    startedAt: new Date(0).toISOString(),
    endedAt: new Date(seconds * 1000).toISOString(),
    seconds,
    drained: true,
    processed,
    throughput: processed === null ? null : processed / seconds,
    source: 'q @ t',
    ...extra,
  };
}

export function entry(over: Partial<LabEntry['lab']> = {}): LabEntry {
  return {
    dir: '/labs/demo',
    composeFile: '/labs/demo/compose.yaml',
    readme: '/labs/demo/README.md',
    lab: {
      format: 1,
      id: 'demo',
      title: 'Demo',
      level: 'beginner',
      domains: [],
      summary: '',
      learnerFiles: [],
      panels: [],
      faults: [],
      checks: [],
      hints: [],
      constraints: [],
      scenario: {
        load: { service: 'load', port: 8089, requests: 2500, rate: 100 },
        timeline: [],
        drain: { until: '(max(consumer_pending) + max(consumer_lag)) == 0', timeout: '12s' },
      },
      ...over,
    },
  };
}

/** Per replica count: how long its load and drain take (ms) and what the processed query answers. */
export interface FakeSide {
  loadMs: number;
  drainMs: number;
  drained?: boolean;
  processed: number | null | Error;
}

export class FakeIo implements ScalingIo {
  calls: string[] = [];
  queries: { query: string; timeMs: number }[] = [];
  now = 1_000_000;
  replicas = 1;
  failScale?: (n: number) => Error | undefined;
  log?: (line: string) => void;
  constructor(readonly sides: Record<number, FakeSide>) {}
  async scale(service: string, n: number) {
    this.calls.push(`scale ${service}=${n}`);
    const err = this.failScale?.(n);
    if (err) throw err;
    this.replicas = n;
    this.now += 3000;
  }
  /** The restore is a scale, logged the same way. */
  restore(service: string, n: number) {
    return this.scale(service, n);
  }
  async reset() {
    this.calls.push('reset');
    this.now += 1000;
  }
  async act(a: HttpAction) {
    this.calls.push(`act ${a.method} ${a.service}:${a.port}${a.path}`);
  }
  failClearSetup?: Error;
  async clearSetup() {
    this.calls.push('clear setup');
    if (this.failClearSetup) throw this.failClearSetup;
  }
  async runLoad(requests: number, rate: number, timeoutMs: number) {
    this.calls.push(`load ${requests}@${rate} (timeout ${timeoutMs})`);
    const startMs = this.now;
    this.now += this.sides[this.replicas].loadMs;
    return { startMs, endMs: this.now };
  }
  async drain(until: string, deadlineMs: number) {
    this.calls.push(`drain until ${deadlineMs}`);
    const s = this.sides[this.replicas];
    this.now = Math.min(this.now + s.drainMs, deadlineMs);
    return { drained: s.drained ?? true, endMs: this.now };
  }
  async promql(query: string, timeMs: number) {
    this.calls.push('promql');
    this.queries.push({ query, timeMs });
    const p = this.sides[this.replicas].processed;
    if (p instanceof Error) throw p;
    return p;
  }
}
