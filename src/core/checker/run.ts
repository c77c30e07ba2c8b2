// `runCheck`: build what changed, up, reset, scenario (load ∥ fault timeline), drain, evaluate, report.
// Checks and the scenario come from the BUNDLED lab (`entry`); the stack runs from the workspace copy.
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { revertAll } from '../faults/actions';
import type { FaultContext } from '../faults/context';
import { callAction, targetUrl } from '../faults/http';
import { serviceContainers } from '../faults/targets';
import { verifyFault } from '../faults/verify';
import { injectFault, revertFault } from '../faults/actions';
import type { LabEntry } from '../labs/types';
import { prometheusFor, PrometheusClient } from '../metrics/prometheus';
import { detectCompose, runCompose } from '../runtime/compose';
import type { DockerClient } from '../runtime/dockerClient';
import { connectEngine } from '../runtime/engine';
import { projectName, composeProjectArgs, stackStatus, stackUp } from '../runtime/stack';
import { isCancelled, sleep } from '../runtime/timeout';
import { CancelledError, ComposeCli, Logger, ServiceStatus } from '../runtime/types';
import { builtServices, hashDir, hashesFile, needsBuild, readHashes, writeHashes } from './build';
import { evaluateConstraints } from './constraints';
import { parseDuration, promRange } from './duration';
import { evaluateCheck, EvalContext, evaluationRank } from './evaluate';
import { loadProfiles, runLoad } from './load';
import { writeReport } from './report';
import { capturePanels } from './series';
import { Clock, planTimeline, realClock, TimelineRun } from './timeline';
import type { CheckMode, CheckResult, RunReport } from './types';

export const HEALTHY_TIMEOUT_MS = 120_000;
const DRAIN_POLL_MS = 1_000;

export interface CheckOptions {
  /** The learner's workspace; the stack runs from <workspace>/labs/<id> when it exists. Default: cwd. */
  workspaceDir?: string;
  mode?: CheckMode;
  /** Override scenario.load.requests / rate (tests, benchmarks). */
  requests?: number;
  rate?: number;
  log?: Logger;
  signal?: AbortSignal;
  docker?: DockerClient;
  compose?: ComposeCli;
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
  /** Evaluate only these checks (the proof of a mutant needs only the ones it must fail). Default: all. */
  only?: string[];
}

/** A run that could not complete (build, up, a fault that did not verify, cancellation). Carries the report. */
export class CheckRunError extends Error {
  constructor(message: string, readonly report: RunReport, readonly cancelled: boolean) {
    super(message);
    this.name = 'CheckRunError';
  }
}

export function stackDirFor(entry: LabEntry, workspaceDir: string): string {
  const copy = join(workspaceDir, 'labs', entry.lab.id);
  return existsSync(join(copy, relative(entry.dir, entry.composeFile) || 'compose.yaml')) ? copy : entry.dir;
}

export async function runCheck(entry: LabEntry, opts: CheckOptions = {}): Promise<RunReport> {
  const t0 = Date.now();
  const lab = entry.lab;
  const scenario = lab.scenario;
  if (!scenario) throw new Error(`lab ${lab.id} has no scenario in lab.yaml: nothing to run. Add scenario: {load, timeline, drain}.`);
  const mode = opts.mode ?? 'quick';
  const requests = opts.requests ?? scenario.load.requests;
  const rate = opts.rate ?? scenario.load.rate;
  for (const [name, v] of [['requests', requests], ['rate', rate]] as const) {
    if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} must be a positive number, not ${v}`);
  }
  const workspaceDir = resolve(opts.workspaceDir ?? process.cwd());
  const stackDir = stackDirFor(entry, workspaceDir);
  const log: Logger = (line) => opts.log?.(line);
  const clock = opts.clock ?? realClock;
  const env = opts.env ?? process.env;

  const report: RunReport = {
    lab: lab.id,
    mode,
    verdict: 'error',
    startedAt: new Date(t0).toISOString(),
    finishedAt: '',
    stackDir,
    workspaceDir,
    rebuilt: [],
    load: { service: scenario.load.service, requests, rate },
    timeline: [],
    checks: [],
    failed: [],
    durations: { total: 0 },
  };
  const seconds = (from: number) => Math.round((Date.now() - from) / 100) / 10;

  // One controller for the run: the caller's cancellation, or a failure of load/timeline, stops everything.
  const run = new AbortController();
  const onCancel = () => run.abort();
  opts.signal?.addEventListener('abort', onCancel, { once: true });
  if (opts.signal?.aborted) run.abort();

  let docker: DockerClient | undefined = opts.docker;
  let timeline: TimelineRun | undefined;
  let failure: unknown;
  const loadContainer = `${projectName(lab.id)}_load_check_${t0}`;
  try {
    const [compose, dockerClient] = await Promise.all([
      opts.compose ?? detectCompose({ env, signal: run.signal }),
      docker ?? connectEngine({ env, signal: run.signal }),
    ]);
    docker = dockerClient;
    const stackOpts = { dir: stackDir, docker, compose, env, log, signal: run.signal };
    const faults: FaultContext = { docker, signal: run.signal, log };

    // 1. Build what changed, then up.
    log(`[check] ${lab.id} (${mode}) from ${stackDir}`);
    let t = Date.now();
    report.rebuilt = await buildChanged(entry, stackDir, workspaceDir, compose, docker, env, log, run.signal);
    report.durations.build = seconds(t);
    t = Date.now();
    await stackUp(entry, { ...stackOpts, build: false });
    report.durations.up = seconds(t);

    // 2. Reset: no fault left over, the scenario's reset actions, restarts, healthy again.
    t = Date.now();
    for (const e of await revertAll({ ...faults, log: undefined }, entry)) log(`[check] warning: ${e.message}`);
    await reset(entry, docker, faults, run.signal);
    report.durations.reset = seconds(t);

    // 3. Scenario: load and the fault timeline together.
    const statuses = await stackStatus(entry, { docker, signal: run.signal });
    const prometheus = prometheusFor(entry, statuses);
    timeline = new TimelineRun(
      planTimeline(scenario, mode),
      {
        inject: async (id) => {
          await injectFault(faults, entry, id);
          return (await verifyFault(faults, entry, id)).detail;
        },
        revert: (id) => revertFault(faults, entry, id),
      },
      clock,
    );
    t = Date.now();
    // The timeline's clock starts when the load does: at its first line of output, not when
    // `compose run` is called (starting its container takes seconds).
    let markStarted!: () => void;
    const started = new Promise<void>((r) => (markStarted = r));
    let loadStart = clock.now();
    log(`[check] load: ${requests} requests at ${rate}/s; timeline: ${scenario.timeline.map((s) => `${s.fault}@${s.at}`).join(', ') || '(none)'}`);
    const loadRun = runLoad(entry, {
      compose,
      dir: stackDir,
      service: scenario.load.service,
      profiles: loadProfiles(entry, stackDir, compose),
      requests,
      rate,
      containerName: loadContainer,
      env,
      log,
      signal: run.signal,
      timeoutMs: Math.ceil((requests / rate) * 3 * 1000) + 180_000,
      onStarted: () => {
        loadStart = clock.now();
        markStarted();
      },
    }).then((summary) => {
      report.load.summary = summary;
      report.load.endedAt = new Date(clock.now()).toISOString();
    });
    const tl = Promise.race([started, loadRun]).then(() => {
      report.load.startedAt = new Date(loadStart).toISOString();
      return timeline!.run(loadStart, run.signal);
    });
    await allOrAbort([loadRun, tl], run);
    report.durations.scenario = seconds(t);

    // 4. Drain.
    t = Date.now();
    report.drain = await drain(prometheus, scenario.drain.until, parseDuration(scenario.drain.timeout, 'scenario.drain.timeout'), clock, run.signal);
    report.durations.drain = seconds(t);
    log(`[check] drain: ${report.drain.drained ? 'drained' : 'NOT drained'} after ${report.drain.waitedSeconds} s`);
    const drainEnd = Date.parse(report.drain.endedAt);
    for (const e of await timeline.revertRemaining()) throw e;
    report.run = { start: new Date(loadStart).toISOString(), end: report.drain.endedAt, range: promRange(drainEnd - loadStart) };

    // 5. Evaluate: probes first (they read "now", right after drain), then PromQL by evaluation time, then probes
    //    with `before` actions (they change the system), then constraints.
    t = Date.now();
    const ctx: EvalContext = {
      entry,
      statuses: await stackStatus(entry, { docker, signal: run.signal }),
      prometheus,
      run: { startMs: loadStart, endMs: drainEnd },
      periods: timeline.periods(drainEnd),
      signal: run.signal,
      waitUntil: async (ms) => {
        const wait = ms - clock.now();
        if (wait > 0) {
          log(`[check] waiting ${Math.ceil(wait / 1000)} s for a check's evaluation time`);
          await clock.sleep(wait, run.signal);
        }
      },
    };
    const selected = opts.only ? lab.checks.filter((c) => opts.only!.includes(c.id)) : lab.checks;
    if (opts.only) report.only = selected.map((c) => c.id);
    const ordered = [...selected].sort((a, b) => evaluationRank(a) - evaluationRank(b));
    const results = new Map<string, CheckResult>();
    for (const check of ordered) results.set(check.id, await evaluateCheck(check, ctx));
    report.checks = [...selected.map((c) => results.get(c.id)!), ...(await evaluateConstraints(entry, ctx.statuses, docker, run.signal))];
    report.durations.evaluate = seconds(t);
    report.failed = report.checks.filter((c) => !c.pass).map((c) => c.id);
    report.verdict = report.failed.length ? 'fail' : 'pass';

    // 6. Keep the panels' data over the run (the writeup's charts), best effort.
    report.series = await capturePanels(lab.panels, prometheus, loadStart, drainEnd, run.signal).catch((err: Error) => {
      log(`[check] warning: the panels' data over the run was not kept: ${err.message}`);
      return undefined;
    });
  } catch (err) {
    failure = err;
    report.error = isCancelled(err) || opts.signal?.aborted ? 'cancelled' : (err as Error).message;
  } finally {
    opts.signal?.removeEventListener('abort', onCancel);
    // Always leave the stack without faults, even after a failure or a cancellation (no signal: must run).
    if (docker) {
      if (failure) await docker.kill(loadContainer, { timeoutMs: 5_000 }).catch(() => undefined);
      const cleanup: FaultContext = { docker };
      const errors = [...(timeline ? await timeline.revertRemaining() : []), ...(await revertAll(cleanup, entry))];
      for (const e of errors) log(`[check] warning: could not revert: ${e.message}`);
    }
    report.timeline = timeline?.records() ?? [];
    report.finishedAt = new Date().toISOString();
    report.durations.total = seconds(t0);
    await writeReport(report).catch((err: Error) => log(`[check] could not write the report: ${err.message}`));
  }
  if (failure) {
    const cancelled = report.error === 'cancelled';
    throw new CheckRunError(cancelled ? `check of ${lab.id} cancelled; every fault was reverted` : `check of ${lab.id} could not run: ${report.error}`, report, cancelled);
  }
  return report;
}

/** Waits for all; at the first failure aborts the others, waits for them to stop, and rethrows that failure. */
async function allOrAbort(work: Promise<unknown>[], run: AbortController): Promise<void> {
  let first: unknown;
  await Promise.all(
    work.map((p) =>
      p.catch((err) => {
        if (first === undefined && !(run.signal.aborted && isCancelled(err))) first = err;
        run.abort();
      }),
    ),
  );
  if (first !== undefined) throw first;
  if (run.signal.aborted) throw new CancelledError('check');
}

async function buildChanged(
  entry: LabEntry,
  stackDir: string,
  workspaceDir: string,
  compose: ComposeCli,
  docker: DockerClient,
  env: NodeJS.ProcessEnv,
  log: Logger,
  signal: AbortSignal,
): Promise<string[]> {
  const services = builtServices(join(stackDir, 'compose.yaml'), stackDir, projectName(entry.lab.id), compose);
  const file = hashesFile(workspaceDir);
  const stored = await readHashes(file);
  const current = await Promise.all(
    services.map(async (s) => ({ ...s, hash: await hashDir(s.context), imageId: await docker.imageId(s.image, { signal }) })),
  );
  const changed = current.filter((s) => needsBuild(s.service, s.hash, stored, s.imageId));
  if (changed.length) {
    log(`[check] building ${changed.map((s) => s.service).join(', ')}`);
    const profiles = [...new Set(changed.flatMap((s) => s.profiles))];
    const args = [...composeProjectArgs(entry, { dir: stackDir, env }), ...profiles.flatMap((p) => ['--profile', p]), 'build', ...changed.map((s) => s.service)];
    log(`$ ${[...compose.argv, ...args].join(' ')}`);
    await runCompose(compose, args, { cwd: stackDir, env, log, signal, timeoutMs: 900_000 });
  } else log('[check] no service changed since the last run: no build');
  const next = { ...stored };
  for (const s of current) next[s.service] = { hash: s.hash, imageId: (await docker.imageId(s.image, { signal })) ?? s.imageId };
  await writeHashes(file, next);
  return changed.map((s) => s.service);
}

/** scenario.reset: its HTTP actions, then restarts, then every service healthy again. */
async function reset(entry: LabEntry, docker: DockerClient, faults: FaultContext, signal: AbortSignal) {
  const r = entry.lab.scenario?.reset;
  let st = await stackStatus(entry, { docker, signal });
  for (const action of r?.http ?? []) {
    const url = targetUrl(entry, st, action);
    await callAction(url, action, { signal }).catch((err: Error) => {
      throw new Error(`scenario.reset.http ${action.method} ${url} failed: ${err.message}`);
    });
    faults.log?.(`[check] reset: ${action.method} ${url}`);
  }
  if (r?.restart?.length) {
    for (const service of r.restart) {
      for (const c of serviceContainers(entry, st, service)) await docker.restart(c.containerId, { signal, graceSeconds: 5 });
      faults.log?.(`[check] reset: restarted ${service}`);
    }
    st = await waitHealthy(entry, docker, signal);
  }
}

export async function waitHealthy(entry: LabEntry, docker: DockerClient, signal?: AbortSignal, timeoutMs = HEALTHY_TIMEOUT_MS): Promise<ServiceStatus[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const st = await stackStatus(entry, { docker, signal });
    const waiting = st.find((s) => !(s.state === 'exited' && s.exitCode === 0) && !(s.state === 'running' && (s.health === 'healthy' || s.health === 'none')));
    if (!waiting) return st;
    if (Date.now() > deadline) throw new Error(`service ${waiting.service} is not healthy ${Math.round(timeoutMs / 1000)} s after the reset (state ${waiting.state}, health ${waiting.health}); see \`breakfix logs ${entry.lab.id} ${waiting.service}\``);
    await sleep(500, signal, 'waiting for the stack to be healthy');
  }
}

/** Polls `until` every second until it returns a non-empty result, or the timeout. */
async function drain(prometheus: PrometheusClient, until: string, timeoutMs: number, clock: Clock, signal: AbortSignal) {
  const start = clock.now();
  let drained = false;
  for (;;) {
    const samples = await prometheus.query(until, undefined, { signal }).catch((err: Error) => {
      if (signal.aborted) throw err;
      return [];
    });
    if (samples.length > 0) {
      drained = true;
      break;
    }
    if (clock.now() - start >= timeoutMs) break;
    await clock.sleep(DRAIN_POLL_MS, signal);
  }
  const end = clock.now();
  return { until, drained, endedAt: new Date(end).toISOString(), waitedSeconds: Math.round((end - start) / 100) / 10 };
}
