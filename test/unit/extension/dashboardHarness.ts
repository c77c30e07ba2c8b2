// The dashboard session's test harness: a fake backend and clock, and what the session posts.
import * as assert from 'node:assert/strict';
import type { LabEntry } from '../../../src/core/labs/types';
import type { ServiceStatus } from '../../../src/core/runtime/types';
import type { DashboardBackend, InjectOutcome } from '../../../src/extension/webviews/dashboard/backend';
import type { ObservedFault } from '../../../src/extension/webviews/dashboard/faultTimeline';
import type { FaultBand, HostMessage } from '../../../src/extension/webviews/dashboard/protocol';
import type { RawSeries } from '../../../src/extension/webviews/dashboard/seriesBuffer';
import { DashboardSession, type SessionDeps } from '../../../src/extension/webviews/dashboard/session';
import type { RangeQuery } from '../../../src/extension/webviews/dashboard/timeWindow';
import { isHostMessage } from '../../../webview/dashboard/validate';

export const entry = {
  lab: {
    format: 1,
    id: 'lab',
    title: 'Lab',
    summary: 'A lab',
    level: 'intermediate',
    domains: [],
    learnerFiles: [],
    panels: [
      { id: 'latency', title: 'Latency', query: 'q_latency', unit: 'seconds' },
      { id: 'calls', title: 'Calls', query: 'q_calls', unit: 'reqps' },
    ],
    faults: [
      { id: 'outage', title: 'Provider outage', kind: 'http', inject: {}, revert: {}, verify: {} },
      { id: 'kill', title: 'Kill the worker', kind: 'container', service: 'worker', action: 'kill', revert: { action: 'start' }, verify: {} },
    ],
    checks: [{ id: 'p95', title: 'p95 < 150 ms', kind: 'promql', query: 'x', op: '<', threshold: 0.15 }],
    hints: [],
    constraints: [],
  },
  dir: '/labs/lab',
  composeFile: '/labs/lab/compose.yaml',
  readme: '/labs/lab/README.md',
} as unknown as LabEntry;

export const RUNNING: ServiceStatus[] = [
  { service: 'prometheus', containerId: 'p', state: 'running', health: 'healthy', ports: [{ container: 9090, host: 19090, hostIp: '127.0.0.1' }] },
  { service: 'worker', containerId: 'w', state: 'running', health: 'none', ports: [] },
];
export const URL = 'http://127.0.0.1:19090';

export class FakeBackend implements DashboardBackend {
  services: ServiceStatus[] | Error = RUNNING;
  prometheus: string | Error = URL;
  ready = true;
  /** Per query: a function of the range (and the round's signal), or an error. Default: one point per step, value = seconds. */
  answers = new Map<string, Error | ((r: RangeQuery, signal?: AbortSignal) => RawSeries[] | Promise<RawSeries[]>)>();
  observed: ObservedFault[] = [];
  inject: InjectOutcome | Error = { verified: true, detail: 'outage = true' };
  revertError?: Error;
  calls: string[] = [];
  ranges: { query: string; range: RangeQuery }[] = [];

  async stackStatus() {
    this.calls.push('stackStatus');
    if (this.services instanceof Error) throw this.services;
    return this.services;
  }
  prometheusUrl() {
    if (this.prometheus instanceof Error) throw this.prometheus;
    return this.prometheus;
  }
  async queryRange(url: string, query: string, range: RangeQuery, signal?: AbortSignal) {
    this.calls.push(`queryRange ${query}`);
    this.ranges.push({ query, range });
    const a = this.answers.get(query);
    if (a instanceof Error) throw a;
    if (a) return a(range, signal);
    const values: [number, number][] = [];
    for (let t = range.start; t <= range.end; t += range.step) values.push([t, t % 100]);
    return [{ labels: {}, values }];
  }
  async prometheusReady() {
    return this.ready;
  }
  async faultStates() {
    this.calls.push('faultStates');
    return this.observed;
  }
  async injectFault(_e: LabEntry, id: string) {
    this.calls.push(`inject ${id}`);
    if (this.inject instanceof Error) throw this.inject;
    return this.inject;
  }
  async revertFault(_e: LabEntry, id: string) {
    this.calls.push(`revert ${id}`);
    if (this.revertError) throw this.revertError;
  }
}

export function setup(over: Partial<SessionDeps> = {}) {
  const backend = new FakeBackend();
  const posted: HostMessage[] = [];
  const executed: { id: string; args: unknown[] }[] = [];
  const opened: string[] = [];
  const logs: string[] = [];
  let saved: FaultBand[] = [];
  let now = 1_700_000_000_000;
  let trusted = true;
  const deps: SessionDeps = {
    entry,
    backend,
    post: (m) => {
      assert.ok(isHostMessage(JSON.parse(JSON.stringify(m))), `the webview would refuse ${JSON.stringify(m)}`);
      posted.push(m);
    },
    log: { info: (l) => logs.push(l), warn: (l) => logs.push(l), error: (l) => logs.push(l) },
    trusted: () => trusted,
    restrictedReason: 'Docker is disabled in Restricted Mode',
    requireDocker: () => trusted,
    executeCommand: async (id, ...args) => {
      executed.push({ id, args });
    },
    openFile: async (p) => {
      opened.push(p);
    },
    now: () => now,
    bands: { load: () => saved, save: (b) => (saved = b) },
    ...over,
  };
  const session = new DashboardSession(deps);
  return {
    session,
    backend,
    posted,
    executed,
    opened,
    logs,
    saved: () => saved,
    advance: (ms: number) => (now += ms),
    setTrusted: (t: boolean) => (trusted = t),
    take: () => posted.splice(0),
    of: <T extends HostMessage['type']>(type: T) => posted.filter((m): m is Extract<HostMessage, { type: T }> => m.type === type),
  };
}
