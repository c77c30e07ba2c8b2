// `runCheck`, phase by phase: assemble the check's stack → build what changed → up → reset → scrape → scenario
// (load ∥ fault timeline) → drain → evaluate → scaling (the scale proofs, each on sides of its own) → keep the
// panels' data → report. Whatever happens, every fault is reverted, every scaled service is scaled back and
// the report is written.
// Checks and the scenario come from the BUNDLED lab (`entry`); so does every file of the stack except the
// learner's files (checkStack.ts).
import { resolve } from 'node:path';
import { revertAll } from '../faults/actions';
import type { FaultContext } from '../faults/context';
import type { LabEntry } from '../labs/types';
import { prometheusFor } from '../metrics/prometheus';
import { detectCompose } from '../runtime/compose';
import type { DockerClient } from '../runtime/dockerClient';
import { connectEngine } from '../runtime/engine';
import { stackStatus, stackUp } from '../runtime/stack';
import { isCancelled } from '../runtime/timeout';
import type { ComposeCli, Logger } from '../runtime/types';
import { assembleCheckStack, type CheckStack } from './checkStack';
import { evaluateConstraints } from './constraints';
import { checkCost } from './cost';
import { parseDuration, promRange } from './duration';
import { evaluateAll, type EvalContext } from './evaluate';
import { loadUrl } from './load';
import { startedTheStack, writeReport } from './report';
import { ScalingPhase, selectedScalingChecks } from './scalingPhase';
import { drain, drainSkipReason, runScenario, stackTimeline } from './scenario';
import { waitScraped } from './scrapeWait';
import { capturePanels } from './series';
import { buildChanged, resetStack, settleHealth, type StackContext } from './stackPhases';
import { Clock, realClock, TimelineRun } from './timeline';
import type { CheckMode, RunReport } from './types';

export { HEALTHY_TIMEOUT_MS, waitHealthy } from './stackPhases';

export interface CheckOptions {
  /** The learner's workspace; its copy labs/<id> supplies the learner's files once the lab is started. Default: cwd. */
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

type Phase = keyof RunReport['durations'];

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
  const log: Logger = (line) => opts.log?.(line);
  const clock = opts.clock ?? realClock;
  const env = opts.env ?? process.env;
  const report: RunReport = {
    lab: lab.id,
    mode,
    verdict: 'error',
    startedAt: new Date(t0).toISOString(),
    finishedAt: '',
    stackDir: '',
    learnerDir: '',
    workspaceDir,
    learnerFiles: [],
    learnerSettings: [],
    ignoredChanges: [],
    rebuilt: [],
    load: { service: scenario.load.service, requests, rate },
    timeline: [],
    checks: [],
    failed: [],
    durations: { total: 0 },
  };
  /** Runs one phase and records its seconds in report.durations. */
  const phase = async <T>(name: Phase, work: () => Promise<T> | T): Promise<T> => {
    const t = Date.now();
    try {
      return await work();
    } finally {
      report.durations[name] = Math.round((Date.now() - t) / 100) / 10;
    }
  };

  // One controller for the run: the caller's cancellation, or a failure of load/timeline, stops everything.
  const run = new AbortController();
  const onCancel = () => run.abort();
  opts.signal?.addEventListener('abort', onCancel, { once: true });
  if (opts.signal?.aborted) run.abort();
  const signal = run.signal;

  let docker: DockerClient | undefined = opts.docker;
  let timeline: TimelineRun | undefined;
  let scaling: ScalingPhase | undefined;
  let failure: unknown;
  try {
    const stack: CheckStack = await phase('assemble', () => assembleCheckStack(entry, workspaceDir, env));
    Object.assign(report, { stackDir: stack.dir, learnerDir: stack.learnerDir, learnerFiles: stack.learnerFiles, learnerSettings: stack.settings, ignoredChanges: stack.ignored });
    log(`[check] ${lab.id} (${mode}): the lab's stack with your files from ${stack.learnerDir}`);
    for (const c of stack.ignored) log(`[check] not run: ${c.file} ${c.detail}`);
    const [compose, dockerClient] = await Promise.all([opts.compose ?? detectCompose({ env, signal }), docker ?? connectEngine({ env, signal })]);
    docker = dockerClient;
    const s: StackContext = { entry, dir: stack.dir, overrides: stack.overrides, workspaceDir, docker, compose, env, log, signal };
    const faults: FaultContext = { docker, signal, log };

    report.rebuilt = await phase('build', () => buildChanged(s));
    const upAt = Date.now();
    await phase('up', async () => {
      await settleHealth(entry, docker!, signal);
      await stackUp(entry, { dir: s.dir, overrides: s.overrides, docker: docker!, compose, env, log, signal, build: false });
    });
    await phase('reset', () => resetStack(s, upAt));

    const statuses = await stackStatus(entry, { docker, signal });
    const prometheus = prometheusFor(entry, statuses);
    const resetEnd = Date.now();
    await phase('scrape', () => waitScraped(prometheus, resetEnd, { signal, log }));
    timeline = stackTimeline(entry, mode, faults, clock);
    const url = loadUrl(entry, statuses);
    const played = await phase('scenario', () => runScenario({ ...s, clock, run }, timeline!, { url, requests, rate }));
    report.load = { ...report.load, startedAt: new Date(played.loadStart).toISOString(), endedAt: new Date(played.loadEnd).toISOString(), summary: played.summary };

    const skipDrain = drainSkipReason(lab.checks, opts.only);
    if (skipDrain) log(`[check] drain: not waited for: ${skipDrain}`);
    report.drain = skipDrain
      ? { until: scenario.drain.until, drained: false, endedAt: new Date(clock.now()).toISOString(), waitedSeconds: 0, skipped: skipDrain }
      : await phase('drain', () => drain(prometheus, scenario.drain.until, parseDuration(scenario.drain.timeout, 'scenario.drain.timeout'), clock, signal, log));
    const drainEnd = Date.parse(report.drain.endedAt);
    for (const e of await timeline.revertRemaining()) throw e;
    report.run = { start: new Date(played.loadStart).toISOString(), end: report.drain.endedAt, range: promRange(drainEnd - played.loadStart) };

    // Probes first (they read "now", right after the drain), then PromQL by evaluation time, then probes
    // with `before` actions (they change the system), then the constraints.
    await phase('evaluate', async () => {
      const ctx: EvalContext = {
        entry,
        statuses: await stackStatus(entry, { docker, signal }),
        prometheus,
        run: { startMs: played.loadStart, endMs: drainEnd },
        periods: timeline!.periods(drainEnd),
        signal,
        waitUntil: async (ms) => {
          const wait = ms - clock.now();
          if (wait > 0) {
            log(`[check] waiting ${Math.ceil(wait / 1000)} s for a check's evaluation time`);
            await clock.sleep(wait, signal);
          }
        },
      };
      if (opts.only) report.only = lab.checks.filter((c) => opts.only!.includes(c.id)).map((c) => c.id);
      report.checks = [...(await evaluateAll(ctx, opts.only)), ...(await evaluateConstraints(entry, ctx.statuses, docker!, signal, stack.learnerCompose))];
      report.cost = await checkCost({ entry, statuses: ctx.statuses, prometheus, endMs: drainEnd, range: report.run!.range, signal });
    });
    // The scale proofs, after the constraints have read the main run's containers at the lab's replica count.
    const scalingChecks = selectedScalingChecks(lab.checks, opts.only);
    if (scalingChecks.length) {
      scaling = new ScalingPhase({ ...s, prometheus, clock });
      report.checks = [...report.checks, ...(await phase('scaling', () => scaling!.run(scalingChecks)))];
    }
    report.failed = report.checks.filter((c) => !c.pass).map((c) => c.id);
    report.verdict = report.failed.length ? 'fail' : 'pass';

    // The panels' data over the run (the writeup's charts), best effort.
    report.series = await capturePanels(lab.panels, prometheus, played.loadStart, drainEnd, signal).catch((err: Error) => {
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
      const cleanup: FaultContext = { docker };
      const errors = [...(timeline ? await timeline.revertRemaining() : []), ...(await revertAll(cleanup, entry))];
      for (const e of errors) log(`[check] warning: could not revert: ${e.message}`);
    }
    for (const e of scaling ? await scaling.restoreLeftovers() : []) log(`[check] warning: ${e.message}`);
    report.timeline = timeline?.records() ?? [];
    report.finishedAt = new Date().toISOString();
    report.durations.total = Math.round((Date.now() - t0) / 100) / 10;
    // A run that never started the stack is no attempt: it leaves no report (nor .breakfix/) behind.
    if (startedTheStack(report)) await writeReport(report).catch((err: Error) => log(`[check] could not write the report: ${err.message}`));
  }
  if (failure) {
    const cancelled = report.error === 'cancelled';
    throw new CheckRunError(cancelled ? `check of ${lab.id} cancelled; every fault was reverted` : `check of ${lab.id} could not run: ${report.error}`, report, cancelled);
  }
  return report;
}
