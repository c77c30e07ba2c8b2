// The phases of a check that prepare its stack: build what changed, up, reset to a clean state.
import { join } from 'node:path';
import { revertAll } from '../faults/actions';
import type { LabEntry } from '../labs/types';
import { runCompose } from '../runtime/compose';
import type { DockerClient } from '../runtime/dockerClient';
import { callAction, targetUrl } from '../runtime/http';
import { composeProjectArgs, isReady, confirmHealth, projectName, stackStatus } from '../runtime/stack';
import { serviceContainers } from '../runtime/targets';
import { sleep } from '../runtime/timeout';
import type { ComposeCli, Logger, ServiceStatus } from '../runtime/types';
import { ensureLabKit, withKitDir } from '../runtime/kit';
import { buildHashesPath } from '../workspace/paths';
import { builtServices, needsBuild, readHashes, writeHashes } from './build';
import { digestDir } from '../labs/digest';

export const HEALTHY_TIMEOUT_MS = 120_000;

export interface StackContext {
  entry: LabEntry;
  /** The folder the check's stack runs from. */
  dir: string;
  /** Compose files after the lab's own (the learner's settings). */
  overrides: string[];
  workspaceDir: string;
  docker: DockerClient;
  compose: ComposeCli;
  env: NodeJS.ProcessEnv;
  log: Logger;
  signal: AbortSignal;
}

/** Builds the services whose build folder changed since their image was built (or whose image is gone). */
export async function buildChanged(s: StackContext): Promise<string[]> {
  const { entry, dir, docker, compose, env, log, signal } = s;
  const services = builtServices(join(dir, 'compose.yaml'), dir, projectName(entry.lab.id), compose);
  const file = buildHashesPath(s.workspaceDir);
  const stored = await readHashes(file);
  // A service image is its build folder on top of the kit's image: a rebuilt kit rebuilds them all.
  const kitImageId = (await ensureLabKit(entry, { docker, env, log, signal })) ?? '';
  const current = await Promise.all(services.map(async (b) => ({ ...b, hash: `${digestDir(b.context)}${kitImageId && `+${kitImageId}`}`, imageId: await docker.imageId(b.image, { signal }) })));
  const changed = current.filter((b) => needsBuild(b.service, b.hash, stored, b.imageId));
  if (changed.length) {
    log(`[check] building ${changed.map((b) => b.service).join(', ')}`);
    const profiles = [...new Set(changed.flatMap((b) => b.profiles))];
    const args = [...composeProjectArgs(entry, { dir, env, overrides: s.overrides }), ...profiles.flatMap((p) => ['--profile', p]), 'build', ...changed.map((b) => b.service)];
    log(`$ ${[...compose.argv, ...args].join(' ')}`);
    await runCompose(compose, args, { cwd: dir, env: withKitDir(entry, env), log, signal, timeoutMs: 900_000 });
  } else log('[check] no service changed since the last run: no build');
  const next = { ...stored };
  for (const b of current) next[b.service] = { hash: b.hash, imageId: (await docker.imageId(b.image, { signal })) ?? b.imageId };
  await writeHashes(file, next);
  return changed.map((b) => b.service);
}

/** The HTTP actions of the lab's scenario.reset, in order (no restarts): its services' faults and stats cleared. The statuses it read. */
export async function resetHttp(s: StackContext): Promise<ServiceStatus[]> {
  const { entry, docker, log, signal } = s;
  const st = await stackStatus(entry, { docker, signal });
  for (const action of entry.lab.scenario?.reset?.http ?? []) {
    const url = targetUrl(entry, st, action);
    await callAction(url, action, { signal }).catch((err: Error) => {
      throw new Error(`scenario.reset.http ${action.method} ${url} failed: ${err.message}`);
    });
    log(`[check] reset: ${action.method} ${url}`);
  }
  return st;
}

/**
 * scenario.reset: every fault of the lab reverted (one a failed run left active, say), the reset's HTTP
 * actions, then a restart of each `restart` service whose container was not just (re)created by this check's
 * `up` (a new container is already fresh), then every service healthy again.
 */
export async function resetStack(s: StackContext, freshSince: number): Promise<string[]> {
  const { entry, docker, log, signal } = s;
  for (const e of await revertAll({ docker, signal }, entry)) log(`[check] warning: ${e.message}`);
  const r = entry.lab.scenario?.reset;
  const st = await resetHttp(s);
  const restarted: string[] = [];
  for (const service of r?.restart ?? []) {
    for (const c of serviceContainers(entry, st, service)) {
      const started = Date.parse((await docker.inspect(c.containerId, { signal })).State.StartedAt ?? '') || 0;
      if (started >= freshSince) {
        log(`[check] reset: ${service} was just started: no restart`);
        continue;
      }
      // Its state is about to be thrown away: no grace period.
      await docker.restart(c.containerId, { signal, graceSeconds: 0 });
      restarted.push(service);
      log(`[check] reset: restarted ${service}`);
    }
  }
  if (restarted.length) await waitHealthy(entry, docker, signal);
  return restarted;
}

/**
 * Before the check's `up`: Compose v1 refuses to (re)create a service whose dependency Docker calls
 * unhealthy, and Docker calls a paused container unhealthy at once and keeps saying so after it is unpaused
 * until its next probe (QUIET_INTERVAL in a check's stack). So when the last run ended with such a fault,
 * wait (at most SETTLE_MS) while a container Docker calls unhealthy passes its own healthcheck now. One that
 * fails it is really unhealthy: `up` names it.
 */
export async function settleHealth(entry: LabEntry, docker: DockerClient, signal?: AbortSignal): Promise<void> {
  const deadline = Date.now() + SETTLE_MS;
  for (;;) {
    const stale = (await stackStatus(entry, { docker, signal })).filter((s) => s.state === 'running' && s.health === 'unhealthy');
    if (!stale.length || Date.now() > deadline) return;
    const passing = (await confirmHealth(docker, stale, signal)).filter((s) => s.health === 'healthy');
    if (!passing.length) return;
    await sleep(500, signal, `waiting for Docker to see ${passing.map((s) => s.service).join(', ')} healthy again`);
  }
}

const SETTLE_MS = 15_000;

export async function waitHealthy(entry: LabEntry, docker: DockerClient, signal?: AbortSignal, timeoutMs = HEALTHY_TIMEOUT_MS): Promise<ServiceStatus[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const st = await confirmHealth(docker, await stackStatus(entry, { docker, signal }), signal);
    const waiting = st.find((s) => !isReady(s));
    if (!waiting) return st;
    if (Date.now() > deadline) throw new Error(`service ${waiting.service} is not healthy ${Math.round(timeoutMs / 1000)} s after the reset (state ${waiting.state}, health ${waiting.health}); see \`breakfix logs ${entry.lab.id} ${waiting.service}\``);
    await sleep(500, signal, 'waiting for the stack to be healthy');
  }
}
