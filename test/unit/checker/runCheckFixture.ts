// The shared fixture of the runCheck tests (runCheck.test.ts, runCheckScaling.test.ts): a fake lab on disk,
// the typed fake engine, the fake Compose (fakeCompose.js through runCompose) and a fake stack HTTP server that
// all log into one ordered event list, plus the helpers that read that list. Not a test file: the tests call
// useRunCheckFixture() inside their describe.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CheckRunError, type CheckOptions } from '../../../src/core/checker/run';
import type { Lab, LabEntry, ScalingCheck } from '../../../src/core/labs/types';
import { FakeCompose, type FakeComposeOptions } from '../../support/fakeCompose';
import { fastClock } from '../../support/fakeClock';
import { FakeEngine } from '../../support/fakeEngine';
import { FakeStack } from '../../support/fakeStack';

export const LAB_ID = 'fakelab';
export const PROJECT = `breakfix-${LAB_ID}`;
/** The fast clock's factor: a timeline second is 100 ms. */
export const FAST = 10;
/** A load that would outlast the test: the runs that stop early must stop it. */
export const LONG_LOAD_MS = 20_000;

export const COMPOSE_YAML = `services:
  api:
    build: ./services/api
    ports: ["127.0.0.1:18080:8080"]
  worker:
    build: ./services/worker
    environment:
      MAX_RETRIES: "3"
  provider:
    image: node:22-alpine
    ports: ["127.0.0.1:18081:8081"]
  prometheus:
    image: prom/prometheus:v2.53.0
    ports: ["127.0.0.1:19090:9090"]
  load:
    build: ./services/load
    ports: ["127.0.0.1:18089:8089"]
`;

export const PROVIDER_FAULTS = { service: 'provider', port: 8081, path: '/admin/faults' } as const;

export const lab: Lab = {
  format: 1,
  id: LAB_ID,
  title: 'Fake lab',
  level: 'beginner',
  domains: ['testing'],
  summary: 'A lab for the checker unit test.',
  learnerFiles: ['services/worker/**'],
  panels: [{ id: 'throughput', title: 'Throughput', query: 'sum(rate(jobs_total[1m]))', unit: 'reqps' }],
  faults: [
    {
      id: 'provider-errors',
      title: 'Provider errors',
      kind: 'http',
      inject: { ...PROVIDER_FAULTS, method: 'POST', body: { errorRate: 0.5 } },
      revert: { ...PROVIDER_FAULTS, method: 'POST', body: { errorRate: 0 } },
      verify: { probe: PROVIDER_FAULTS, expect: { path: 'errorRate', equals: 0.5 } },
    },
    { id: 'pause-worker', title: 'Pause worker', kind: 'container', service: 'worker', action: 'pause', revert: { action: 'unpause' }, verify: { container: 'worker', state: 'paused' } },
  ],
  scenario: {
    reset: { http: [{ service: 'api', port: 8080, method: 'POST', path: '/admin/reset' }], restart: ['worker'] },
    load: { service: 'load', port: 8089, requests: 1000, rate: 100 },
    // On the fast clock: the http fault from 0 to 500 ms of load, the pause from 100 ms to the end of the run.
    timeline: [
      { at: '0s', fault: 'provider-errors', for: '5s' },
      { at: '1s', fault: 'pause-worker' },
    ],
    drain: { until: 'sum(queue_depth) == 0', timeout: '10s' },
  },
  checks: [
    { id: 'no-duplicates', title: 'No duplicates', kind: 'probe', probe: { service: 'api', port: 8080, path: '/admin/stats' }, path: 'duplicates', op: '==', threshold: 0 },
    { id: 'jobs-done', title: 'Jobs done', kind: 'promql', query: 'sum(increase(jobs_total[$__run]))', op: '>', threshold: 0 },
    { id: 'jobs-in-errors', title: 'Jobs done during the errors', kind: 'promql', query: 'sum(increase(jobs_total[$__window]))', window: { fault: 'provider-errors' }, op: '>=', threshold: 0 },
  ],
  hints: [],
  constraints: [{ service: 'worker', env: 'MAX_RETRIES', unchanged: true }],
};

/** The lab with a scale proof of the worker: 1 against 3 replicas, at least 1.5 times the throughput. */
export const SCALES_OUT: ScalingCheck = {
  id: 'scales-out',
  title: 'Three workers do jobs at least 1.5 times as fast as one',
  kind: 'scaling',
  service: 'worker',
  replicas: [1, 3],
  load: { requests: 5, rate: 50 },
  processed: 'sum(increase(jobs_done_total[$__run]))',
  timeout: '60s',
  op: '>=',
  threshold: 1.5,
  unit: 'ratio',
};
export const scalingLab: Lab = { ...lab, checks: [...lab.checks, SCALES_OUT] };
/** The fake engine's event for `up --scale worker=<n> worker`. */
export const SCALE = (n: number) => `compose up worker=${n} worker`;

export const REVERT_HTTP = 'http POST /admin/faults {"errorRate":0}';
export const INJECT_HTTP = 'http POST /admin/faults {"errorRate":0.5}';
export const LOAD_START = /^http POST \/runs \{"requests":5,"rate":50\}$/;
export const LOAD_STOP = /^http DELETE \/runs\/1$/;

/** Asserts that each pattern matches an event after the previous one's; returns the indexes. */
export function inOrder(events: string[], patterns: (string | RegExp)[], from = 0): number[] {
  const at: number[] = [];
  let i = from;
  for (const p of patterns) {
    const found = events.findIndex((e, k) => k >= i && (typeof p === 'string' ? e === p : p.test(e)));
    assert.ok(found >= 0, `expected ${String(p)} after event ${i}; events:\n  ${events.map((e, k) => `${k} ${e}`).join('\n  ')}`);
    at.push(found);
    i = found + 1;
  }
  return at;
}

export const matches = (events: string[], p: string | RegExp) => events.filter((e) => (typeof p === 'string' ? e === p : p.test(e)));

export async function until(what: string, cond: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export interface RunCheckFixture {
  /** The fake lab on disk (set in `before`). */
  readonly entry: LabEntry;
  /** This test's workspace folder. */
  readonly workspace: string;
  /** This test's ordered event log (engine, Compose, stack). */
  readonly events: string[];
  readonly stack: FakeStack;
  readonly engine: FakeEngine;
  /** The fake Compose, once `options()` started it. */
  readonly compose: FakeCompose | undefined;
  /** Starts the fake Compose; `loadMs`: how long the fake stack's load run takes. */
  options(fake?: FakeComposeOptions & { loadMs?: number }, extra?: CheckOptions): Promise<CheckOptions>;
  /** The lab entry with the scaling check SCALES_OUT added. */
  scalingEntry(): LabEntry;
  /**
   * The processed query answers a rate per second by the worker's replica count (as the last `--scale` set
   * it) times its range ($__run, whole seconds): a side's throughput does not depend on how long it ran.
   */
  processedByReplicas(perSecond: Record<number, number>): void;
  /** The replica counts Compose was asked for, in order. */
  scaleCalls(): string[];
}

/**
 * Registers the fixture's hooks in the calling describe (the lab on disk before all; a fresh workspace, event
 * log, fake stack and fake engine before each test; Compose and the stack closed after each) and returns its
 * current per-test values (getters) and helpers.
 */
export function useRunCheckFixture(): RunCheckFixture {
  let root: string;
  let entry: LabEntry;
  let workspace: string;
  let events: string[];
  let stack: FakeStack;
  let engine: FakeEngine;
  let compose: FakeCompose | undefined;
  /** What the fake Prometheus answers to an instant query (default 1). */
  let promValue: (query: string) => number;

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'bf-runcheck-'));
    const labDir = join(root, 'lab');
    for (const svc of ['api', 'worker', 'load']) {
      mkdirSync(join(labDir, 'services', svc), { recursive: true });
      writeFileSync(join(labDir, 'services', svc, 'index.js'), `console.log('${svc}');\n`);
    }
    writeFileSync(join(labDir, 'compose.yaml'), COMPOSE_YAML);
    writeFileSync(join(labDir, 'README.md'), '# Fake lab\n');
    entry = { lab, dir: labDir, composeFile: join(labDir, 'compose.yaml'), readme: join(labDir, 'README.md') };
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  beforeEach(async () => {
    workspace = mkdtempSync(join(root, 'ws-'));
    events = [];
    promValue = () => 1;
    stack = await new FakeStack({ events, faults: { errorRate: 0 }, stats: { duplicates: 0, processed: 5 }, value: (q) => promValue(q) }).start();
    const port = stack.port;
    engine = new FakeEngine({
      project: PROJECT,
      events,
      services: [
        { service: 'api', ports: { 8080: port } },
        { service: 'worker', env: ['MAX_RETRIES=3', 'NODE_ENV=production'] },
        { service: 'provider', ports: { 8081: port } },
        { service: 'prometheus', ports: { 9090: port } },
        { service: 'load', ports: { 8089: port } },
      ],
    });
  });
  afterEach(async () => {
    await compose?.close();
    compose = undefined;
    await stack.close();
  });

  /** `loadMs`: how long the fake stack's load run takes. */
  async function options(fake: FakeComposeOptions & { loadMs?: number } = {}, extra: CheckOptions = {}): Promise<CheckOptions> {
    if (fake.loadMs) stack.loadMs = fake.loadMs;
    compose = await FakeCompose.start(engine, fake);
    return { workspaceDir: workspace, docker: engine, compose: compose.cli, env: { ...process.env, ...compose.env, BREAKFIX_CACHE_DIR: join(root, 'cache') }, clock: fastClock(FAST), requests: 5, rate: 50, ...extra };
  }

  return {
    get entry() {
      return entry;
    },
    get workspace() {
      return workspace;
    },
    get events() {
      return events;
    },
    get stack() {
      return stack;
    },
    get engine() {
      return engine;
    },
    get compose() {
      return compose;
    },
    options,
    scalingEntry: () => ({ ...entry, lab: scalingLab }),
    processedByReplicas(perSecond) {
      promValue = (q) => {
        const range = /^sum\(increase\(jobs_done_total\[(\d+)s\]\)\)$/.exec(q);
        if (!range) return 1;
        const scaled = compose!.invocations().flatMap((c) => c.args.filter((a) => /^worker=\d+$/.test(a)));
        return perSecond[Number(scaled.at(-1)?.split('=')[1] ?? 1)] * Number(range[1]);
      };
    },
    scaleCalls: () => compose!.invocations().filter((c) => c.args.includes('--scale')).map((c) => c.args[c.args.indexOf('--scale') + 1]),
  };
}

/** Awaits a run that was cancelled: it must reject with a CheckRunError that says so. */
export async function rejectsAsCancelled(running: Promise<unknown>): Promise<CheckRunError> {
  const err = await running.then(
    () => assert.fail('runCheck resolved after cancellation'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof CheckRunError, String(err));
  assert.equal(err.cancelled, true);
  return err;
}
