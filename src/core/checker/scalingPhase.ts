// The `scaling` phase of a check (docs/scaling.md): after the main run's checks are evaluated, each selected
// `kind: scaling` check runs the same load at two replica counts of one service (src/core/scaling). This
// module binds the measurement's ScalingIo to what the run holds: Compose and the engine (scale, reset), the
// load service, Prometheus (drain, processed). After each check the service goes back to the lab's count
// (runScaling's restore, which runs after a cancellation too) and the setup is undone by the HTTP actions of
// the lab's scenario.reset; what a failed restore left scaled,
// restoreLeftovers (runCheck's `finally`) scales back once more.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Check, ScalingCheck } from '../labs/types';
import { singleValue } from '../metrics/compare';
import type { PrometheusClient } from '../metrics/prometheus';
import { runCompose } from '../runtime/compose';
import { callAction, targetUrl } from '../runtime/http';
import { childEnv, composeProjectArgs, stackStatus } from '../runtime/stack';
import type { ScalingIo } from '../scaling/measure';
import { runScaling } from '../scaling/measure';
import { planScaling, scaleArgs, type ScalingPlan } from '../scaling/plan';
import { SCRAPE_SLACK_MS } from './evaluate';
import { loadUrl, startLoad, stopLoad, waitForLoad } from './load';
import { drain } from './scenario';
import { waitScraped } from './scrapeWait';
import { resetHttp, resetStack, waitHealthy, type StackContext } from './stackPhases';
import type { Clock } from './timeline';
import type { CheckResult } from './types';

/** The longest one `up --scale` may take: a scale-out creates containers (slow on vfs). */
export const SCALE_TIMEOUT_MS = 120_000;

export interface ScalingPhaseContext extends StackContext {
  prometheus: PrometheusClient;
  clock: Clock;
}

/** The lab's scaling checks that the run evaluates (`only`: just these ids), in file order. */
export function selectedScalingChecks(checks: readonly Check[], only?: string[]): ScalingCheck[] {
  return checks.filter((c): c is ScalingCheck => c.kind === 'scaling' && (!only || only.includes(c.id)));
}

export class ScalingPhase {
  /** Services left at another count than the lab's: service → the lab's count. */
  private readonly unrestored = new Map<string, number>();

  constructor(private readonly ctx: ScalingPhaseContext) {}

  /** Each check's two sides and restore, in order; their results. A failure of the stack fails the run. */
  async run(checks: ScalingCheck[]): Promise<CheckResult[]> {
    const composeText = readFileSync(resolve(this.ctx.entry.dir, this.ctx.entry.composeFile), 'utf8');
    const results: CheckResult[] = [];
    for (const check of checks) {
      const plan = planScaling(this.ctx.entry, check, composeText);
      results.push(await runScaling(plan, this.io(plan)));
    }
    return results;
  }

  /** Scales back what a failed or cancelled restore left scaled, without the run's signal (it must run). Its errors. */
  async restoreLeftovers(): Promise<Error[]> {
    const errors: Error[] = [];
    for (const [service, replicas] of [...this.unrestored]) {
      try {
        await this.scaleWithCompose(service, replicas, replicas);
      } catch (err) {
        errors.push(new Error(`${service} is still scaled: \`up --scale ${service}=${replicas}\` failed: ${(err as Error).message}. The next check or \`breakfix up ${this.ctx.entry.lab.id}\` brings it back to ${replicas}.`));
      }
    }
    return errors;
  }

  private io(plan: ScalingPlan): ScalingIo {
    const { entry, docker, signal, log, prometheus, clock } = this.ctx;
    const id = plan.check.id;
    const statuses = () => stackStatus(entry, { docker, signal });
    return {
      log,
      scale: async (service, n) => {
        await this.scaleWithCompose(service, n, plan.restore, signal);
        await waitHealthy(entry, docker, signal);
      },
      restore: async (service, n) => {
        await this.scaleWithCompose(service, n, plan.restore);
        if (!signal.aborted) await waitHealthy(entry, docker, signal);
      },
      reset: async () => {
        await resetStack(this.ctx, Date.now() + 1);
        await waitScraped(prometheus, Date.now(), { signal, log });
      },
      act: async (action) => {
        const url = targetUrl(entry, await statuses(), action);
        await callAction(url, action, { signal }).catch((err: Error) => {
          if (signal.aborted) throw err;
          throw new Error(`checks: ${id}.setup ${action.method} ${url} failed: ${err.message}. Check the setup action in lab.yaml and that ${action.service} is healthy.`);
        });
        log(`[check] scaling ${id}: setup ${action.method} ${url}`);
      },
      clearSetup: async () => {
        await resetHttp(this.ctx);
      },
      runLoad: async (requests, rate, timeoutMs) => {
        const url = loadUrl(entry, await statuses());
        const started = await startLoad(url, requests, rate, { signal, log });
        const startMs = clock.now();
        try {
          await waitForLoad(url, started.id, { signal, timeoutMs, service: entry.lab.scenario!.load.service });
        } catch (err) {
          await stopLoad(url, started.id).catch(() => undefined);
          throw err;
        }
        return { startMs, endMs: clock.now() };
      },
      drain: async (until, deadlineMs) => {
        const d = await drain(prometheus, until, Math.max(0, deadlineMs - clock.now()), clock, signal, log);
        return { drained: d.drained, endMs: Date.parse(d.endedAt) };
      },
      promql: async (query, timeMs) => {
        const wait = timeMs + SCRAPE_SLACK_MS - clock.now();
        if (wait > 0) await clock.sleep(wait, signal);
        const v = singleValue(await prometheus.query(query, timeMs / 1000, { signal }));
        // No series is no data (a side without a number); several series is a query to fix.
        if (v.value === null && !v.note.startsWith('no data')) throw new Error(v.note);
        return v.value;
      },
    };
  }

  /** `up --scale service=n` (no signal: a restore). Notes the service while it is not at the lab's count. */
  private async scaleWithCompose(service: string, n: number, labCount: number, signal?: AbortSignal): Promise<void> {
    const { entry, dir, env, overrides, compose, docker, log } = this.ctx;
    const args = scaleArgs(composeProjectArgs(entry, { dir, env, overrides }), service, n);
    if (n !== labCount) this.unrestored.set(service, labCount);
    log(`$ ${[...compose.argv, ...args].join(' ')}`);
    await runCompose(compose, args, { cwd: dir, env: childEnv(entry, { env }, docker), log, signal, timeoutMs: SCALE_TIMEOUT_MS });
    if (n === labCount) this.unrestored.delete(service);
  }
}
