// A lab's Compose stack: up (and wait for health), down (and prove nothing is left), status, logs.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import type { LabEntry } from '../labs/types';
import { detectCompose, runCompose, supportsWait } from './compose';
import { DockerClient } from './dockerClient';
import { connectEngine } from './engine';
import { ensureLabKit, withKitDir } from './kit';
import { sleep } from './timeout';
import {
  CallOptions,
  CancelledError,
  ComposeCli,
  ComposeError,
  Logger,
  ProjectResources,
  ServiceStatus,
  StackUnhealthyError,
  TimeoutError,
} from './types';

export const OVERRIDES_ENV_VAR = 'BREAKFIX_COMPOSE_OVERRIDES';
export const UP_TIMEOUT_MS = 300_000;
export const DOWN_TIMEOUT_MS = 120_000;
const POLL_MS = 500;
const PROBE_TIMEOUT_MS = 5_000;
const LOG_TAIL_LINES = 30;
/**
 * After `up` is cancelled or times out, the engine may still finish a create that Compose had requested
 * (seconds with the vfs storage driver). `down` keeps sweeping until this long after the interruption.
 */
const SETTLE_AFTER_INTERRUPT_MS = 10_000;
const interruptedUps = new Map<string, number>();

export interface StackOptions extends CallOptions {
  log?: Logger;
  compose?: ComposeCli;
  /** Folder to run from (a workspace copy of the lab); default entry.dir. */
  dir?: string;
  /** Engine client; connected on demand when absent. */
  docker?: DockerClient;
  /** Read for BREAKFIX_COMPOSE_OVERRIDES / BREAKFIX_COMPOSE and passed to Compose; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Compose files applied after the lab's own and BREAKFIX_COMPOSE_OVERRIDES (a check's learner settings), absolute. */
  overrides?: string[];
}

export interface StackUpOptions extends StackOptions {
  /** Profiles to start besides the default services, e.g. ["grafana"]. */
  profiles?: string[];
  /** Pass --build (default true). The checker builds changed services itself and passes false. */
  build?: boolean;
}

export interface StackLogsOptions extends StackOptions {
  follow?: boolean;
  tail?: number;
  onLine: (line: string) => void;
}

/** The Compose project of a lab; every container carries com.docker.compose.project=<this>. */
export function projectName(labId: string): string {
  return `breakfix-${labId}`.toLowerCase().replace(/[^a-z0-9_-]/g, '');
}

type ComposeFileOptions = { dir?: string; env?: NodeJS.ProcessEnv; overrides?: string[] };

/** compose.yaml of the lab (in `dir`), then each existing file named in BREAKFIX_COMPOSE_OVERRIDES, then `overrides`. */
export function composeFiles(entry: LabEntry, opts: ComposeFileOptions = {}): string[] {
  const dir = opts.dir ?? entry.dir;
  const rel = isAbsolute(entry.composeFile) ? relative(entry.dir, entry.composeFile) : entry.composeFile;
  const main = resolve(dir, rel && !rel.startsWith('..') ? rel : 'compose.yaml');
  const overrides = (opts.env ?? process.env)[OVERRIDES_ENV_VAR] ?? '';
  const extra = overrides
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean)
    .map((n) => resolve(dir, n))
    .filter((f) => f !== main && existsSync(f));
  return [main, ...extra, ...(opts.overrides ?? [])];
}

/** Global arguments of every Compose call for this lab: files, project directory, project name. */
export function composeProjectArgs(entry: LabEntry, opts: ComposeFileOptions = {}): string[] {
  const dir = opts.dir ?? entry.dir;
  return [...composeFiles(entry, opts).flatMap((f) => ['-f', f]), '--project-directory', dir, '-p', projectName(entry.lab.id)];
}

/** Every profile the compose files declare (so `down` also removes profile-only services). */
export function declaredProfiles(files: string[]): string[] {
  const profiles = new Set<string>();
  for (const file of files) {
    try {
      const doc = parse(readFileSync(file, 'utf8')) as { services?: Record<string, { profiles?: unknown } | null> } | null;
      for (const svc of Object.values(doc?.services ?? {})) {
        if (Array.isArray(svc?.profiles)) for (const p of svc.profiles) if (typeof p === 'string') profiles.add(p);
      }
    } catch {
      // An unreadable file is Compose's to report.
    }
  }
  return [...profiles].sort();
}

/** Argv of `up`, exported for tests. */
export function upArgs(entry: LabEntry, compose: ComposeCli, opts: StackUpOptions = {}): string[] {
  return [
    ...composeProjectArgs(entry, opts),
    ...(opts.profiles ?? []).flatMap((p) => ['--profile', p]),
    'up',
    '-d',
    ...(opts.build === false ? [] : ['--build']),
    '--remove-orphans',
    ...(supportsWait(compose) ? ['--wait'] : []),
  ];
}

/** Argv of `down`, exported for tests. */
export function downArgs(entry: LabEntry, opts: StackOptions = {}): string[] {
  const profiles = declaredProfiles(composeFiles(entry, opts));
  return [...composeProjectArgs(entry, opts), ...profiles.flatMap((p) => ['--profile', p]), 'down', '-v', '--remove-orphans'];
}

/**
 * `up -d --build` (with `--wait` on Compose >= 2.1.1), then waits until every service runs and is healthy.
 * A service that exits non-zero, dies or turns unhealthy, or the timeout (default 300 s), raises
 * StackUnhealthyError with that service's last log lines.
 */
export async function stackUp(entry: LabEntry, opts: StackUpOptions = {}): Promise<ServiceStatus[]> {
  const timeoutMs = opts.timeoutMs ?? UP_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  const { compose, docker } = await tools(opts);
  const project = projectName(entry.lab.id);
  const dir = opts.dir ?? entry.dir;
  const args = upArgs(entry, compose, opts);
  // The lab's images build FROM the kit's: it must exist first (the checker ensures it before its build).
  if (opts.build !== false) await ensureLabKit(entry, { docker, env: opts.env, log: opts.log, signal: opts.signal });
  opts.log?.(`$ ${[...compose.argv, ...args].join(' ')}`);
  try {
    await runCompose(compose, args, { cwd: dir, env: childEnv(entry, opts, docker), log: opts.log, signal: opts.signal, timeoutMs: remaining(deadline) });
  } catch (err) {
    if (err instanceof CancelledError || err instanceof TimeoutError) interruptedUps.set(project, Date.now());
    if (err instanceof CancelledError) throw err;
    if (!(err instanceof ComposeError || err instanceof TimeoutError)) throw err;
    // Compose itself failed (v1 waits for depends_on health, v2 --wait for all): name the service at fault.
    const statuses = await docker.projectContainers(project, { signal: opts.signal }).catch(() => []);
    const culprit = statuses.find(isFailing) ?? (err instanceof TimeoutError ? statuses.find((s) => !isReady(s)) : undefined);
    if (culprit) throw await unhealthy(docker, culprit, isFailing(culprit) ? undefined : timeoutMs, opts);
    throw err;
  }
  for (;;) {
    const statuses = await confirmHealth(docker, await docker.projectContainers(project, { signal: opts.signal }), opts.signal);
    if (!statuses.length) throw new Error(`Compose started no containers for ${project}`);
    const failing = statuses.find(isFailing);
    if (failing) throw await unhealthy(docker, failing, undefined, opts);
    const waiting = statuses.find((s) => !isReady(s));
    if (!waiting) return statuses;
    if (Date.now() >= deadline) throw await unhealthy(docker, waiting, timeoutMs, opts);
    await sleep(Math.min(POLL_MS, remaining(deadline)), opts.signal, 'waiting for the stack');
  }
}

/**
 * `down -v --remove-orphans` with every declared profile, then checks by label that nothing remains and
 * force-removes leftovers through the engine (also when Compose is missing or the compose file is broken).
 * Returns the leftovers it had to remove.
 */
export async function stackDown(entry: LabEntry, opts: StackOptions = {}): Promise<ProjectResources> {
  const docker = opts.docker ?? (await connectEngine({ signal: opts.signal, env: opts.env }));
  const project = projectName(entry.lab.id);
  try {
    const compose = opts.compose ?? (await detectCompose({ env: opts.env, signal: opts.signal }));
    const args = downArgs(entry, opts);
    opts.log?.(`$ ${[...compose.argv, ...args].join(' ')}`);
    await runCompose(compose, args, {
      cwd: opts.dir ?? entry.dir,
      env: childEnv(entry, opts, docker),
      log: opts.log,
      signal: opts.signal,
      timeoutMs: opts.timeoutMs ?? DOWN_TIMEOUT_MS,
    });
  } catch (err) {
    if (err instanceof CancelledError) throw err;
    opts.log?.(`Compose down failed, removing ${project} through the engine: ${(err as Error).message}`);
  }
  const removed = await removeLeftovers(docker, project, opts);
  const interruptedAt = interruptedUps.get(project);
  if (interruptedAt !== undefined) {
    if (Date.now() < interruptedAt + SETTLE_AFTER_INTERRUPT_MS) opts.log?.(`Waiting for the engine to finish what the interrupted start of ${project} requested`);
    while (Date.now() < interruptedAt + SETTLE_AFTER_INTERRUPT_MS) {
      await sleep(1000, opts.signal, 'waiting for the engine');
      const more = await removeLeftovers(docker, project, opts);
      removed.containers.push(...more.containers);
      removed.networks.push(...more.networks);
      removed.volumes.push(...more.volumes);
    }
    interruptedUps.delete(project);
  }
  return removed;
}

/** Removes through the engine whatever of the project still exists, and proves it is gone. */
async function removeLeftovers(docker: DockerClient, project: string, opts: StackOptions): Promise<ProjectResources> {
  const left = await docker.projectResources(project, { signal: opts.signal });
  if (isEmpty(left)) return left;
  opts.log?.(`Removing leftovers of ${project}: ${describe(left)}`);
  await docker.removeProjectResources(project, { signal: opts.signal, timeoutMs: 60_000 });
  const still = await docker.projectResources(project, { signal: opts.signal });
  if (!isEmpty(still)) throw new Error(`Could not remove everything of ${project}: ${describe(still)} remain`);
  return left;
}

/** Status of each service container; empty when the stack is not running. */
export async function stackStatus(entry: LabEntry, opts: StackOptions = {}): Promise<ServiceStatus[]> {
  const docker = opts.docker ?? (await connectEngine({ signal: opts.signal, env: opts.env }));
  return docker.projectContainers(projectName(entry.lab.id), { signal: opts.signal, timeoutMs: opts.timeoutMs });
}

/** `compose logs --no-color [--tail N] [-f] [service]`; stdout lines go to onLine. Follow runs until `signal`. */
export async function stackLogs(entry: LabEntry, service: string | undefined, opts: StackLogsOptions): Promise<void> {
  const { compose, docker } = await tools(opts);
  const args = [
    ...composeProjectArgs(entry, opts),
    'logs',
    '--no-color',
    ...(opts.tail !== undefined ? ['--tail', String(opts.tail)] : []),
    ...(opts.follow ? ['-f'] : []),
    ...(service ? [service] : []),
  ];
  try {
    await runCompose(compose, args, {
      cwd: opts.dir ?? entry.dir,
      env: childEnv(entry, opts, docker),
      log: opts.log,
      onStdoutLine: opts.onLine,
      signal: opts.signal,
      timeoutMs: opts.timeoutMs ?? (opts.follow ? 0 : 30_000),
    });
  } catch (err) {
    // Stopping a follow is the normal way it ends.
    if (err instanceof CancelledError && opts.follow) return;
    throw err;
  }
}

async function tools(opts: StackOptions) {
  const [compose, docker] = await Promise.all([
    opts.compose ?? detectCompose({ env: opts.env, signal: opts.signal }),
    opts.docker ?? connectEngine({ signal: opts.signal, env: opts.env }),
  ]);
  return { compose, docker };
}

/** Compose must talk to the engine we found: hand it a socket found by discovery (Desktop, Podman) explicitly. */
export function childEnv(entry: LabEntry, opts: Pick<StackOptions, 'env'>, docker: DockerClient): NodeJS.ProcessEnv {
  const env = withKitDir(entry, opts.env ?? process.env);
  const e = docker.endpoint;
  if (env.DOCKER_HOST || !e.socketPath || e.source.startsWith('docker context')) return env;
  return { ...env, DOCKER_HOST: e.where };
}

/**
 * The statuses, with each running container whose health Docker does not call healthy (`starting`, or
 * `unhealthy`) probed once now (its own healthcheck: runtime/healthProbe.ts) and counted `healthy` when that
 * passes. Docker's status lags by up to an interval, which a check's stack makes long: a new container is
 * `starting` until the first probe, and a container that was paused (a fault) stays `unhealthy` after it is
 * unpaused until the next one.
 */
export async function confirmHealth(docker: DockerClient, statuses: ServiceStatus[], signal?: AbortSignal): Promise<ServiceStatus[]> {
  return Promise.all(
    statuses.map(async (s) => {
      if (s.state !== 'running' || (s.health !== 'starting' && s.health !== 'unhealthy')) return s;
      const passed = await docker.runHealthcheck(s.containerId, { signal, timeoutMs: PROBE_TIMEOUT_MS }).catch((err: unknown) => {
        if (err instanceof CancelledError) throw err;
        return false; // not ready yet (the container may be restarting): asked again at the next poll
      });
      return passed ? { ...s, health: 'healthy' as const } : s;
    }),
  );
}

export function isReady(s: ServiceStatus): boolean {
  if (s.state === 'exited') return s.exitCode === 0; // a one-shot service that completed
  return s.state === 'running' && (s.health === 'none' || s.health === 'healthy');
}

function isFailing(s: ServiceStatus): boolean {
  return (s.state === 'exited' && s.exitCode !== 0) || s.state === 'dead' || s.health === 'unhealthy';
}

/** Builds the error for a service: why it failed (healthcheck output included) and its last log lines. */
async function unhealthy(docker: DockerClient, s: ServiceStatus, timedOutAfterMs: number | undefined, opts: CallOptions): Promise<StackUnhealthyError> {
  const o = { signal: opts.signal };
  const [info, lines] = await Promise.all([
    docker.inspect(s.containerId, o).catch(() => undefined),
    docker.logTail(s.containerId, LOG_TAIL_LINES, o).catch((err: Error) => [`(logs unavailable: ${err.message})`]),
  ]);
  const check = info?.State.Health?.Log?.slice(-1)[0];
  const checkText = check ? `last healthcheck exited ${check.ExitCode}${check.Output?.trim() ? `: ${check.Output.trim().split('\n').slice(-3).join(' | ')}` : ''}` : '';
  let reason: string;
  if (timedOutAfterMs !== undefined) {
    reason = `did not become ${s.state === 'running' ? 'healthy' : 'running'} within ${Math.round(timedOutAfterMs / 1000)} s (state ${s.state}, health ${s.health}${checkText ? '; ' + checkText : ''})`;
  } else if (s.health === 'unhealthy') {
    reason = `is unhealthy${checkText ? ` (${checkText})` : ''}`;
  } else if (s.state === 'exited') {
    reason = `exited with code ${s.exitCode ?? '?'}${info?.State.OOMKilled ? ' (out of memory)' : ''}`;
  } else {
    reason = `is ${s.state}`;
  }
  return new StackUnhealthyError(s.service, reason, lines);
}

function remaining(deadline: number) {
  return Math.max(1, deadline - Date.now());
}

function isEmpty(r: ProjectResources) {
  return !r.containers.length && !r.networks.length && !r.volumes.length;
}

function describe(r: ProjectResources) {
  return `${r.containers.length} container(s), ${r.networks.length} network(s), ${r.volumes.length} volume(s)`;
}

