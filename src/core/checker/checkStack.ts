// The stack a check runs: the lab's own files (instruments, load, Prometheus config, DB init, compose files)
// with only the learner's files (lab.yaml `learnerFiles`) and settings (`learnerSettings`) taken from the
// learner's copy. Assembled anew before every check (workspace/paths.ts checkStackDir: in the user's
// cache, outside the workspace), so an edited
// instrument never runs in a check and can never make one pass. Every change the check did not run is
// named, with what happened to it.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import picomatch from 'picomatch';
import { stringify } from 'yaml';
import { learnerFileMatcher, listLabFiles } from '../labs/learnerFiles';
import type { LabEntry } from '../labs/types';
import { checkStackDir, hasLabCopy, labCopyDir } from '../workspace/paths';
import { diffLabCopy } from '../workspace/labFiles';
import { ComposeDoc, composeEnv, composeReplicas, composeServices, readComposeDoc } from './composeDoc';
import { constraintId, SERVICES_CONSTRAINT_ID } from './constraints';
import { parseDuration } from './duration';
import type { AppliedSetting, IgnoredChange } from './types';

export type { AppliedSetting, IgnoredChange };

/** The compose override that carries the learner's settings into a check (generated in the check folder). */
export const SETTINGS_FILE = 'compose.learner.yaml';
/**
 * The compose override that makes Docker run each healthcheck every QUIET_INTERVAL instead of the lab's
 * (1 s, for a fast start): every probe is a process exec'd in a container, and at 1 s the probes of a
 * 7-service stack take about a core of a 2-core machine, the CPU a check measures the learner's code on.
 * Its waits run the healthcheck themselves until it passes (runtime/healthProbe.ts), so a start is as fast.
 * Compose's own wait for a `service_healthy` dependency is not: it waits for Docker's first probe, QUIET_INTERVAL
 * after the start. So the override also starts the scenario's load service without waiting for its targets to
 * be healthy (`service_started`): it only serves its control API until a check triggers a run, and the check's
 * `up` waits for every service healthy itself before the reset. A recreated learner service (the load's
 * target in every lab) then costs no extra QUIET_INTERVAL per check.
 */
export const QUIET_FILE = 'compose.quiet.yaml';
export const QUIET_INTERVAL = '5s';
const GENERATED = new Set([SETTINGS_FILE, QUIET_FILE]);

export interface CheckStack {
  /** The folder the check's stack runs from. */
  dir: string;
  /** Where the learner's files came from: the learner's copy, or the bundled lab when the lab is not started. */
  learnerDir: string;
  /** The learner's files the check runs (relative to the lab folder). */
  learnerFiles: string[];
  /** Extra compose files after the lab's own (the learner's settings), absolute. */
  overrides: string[];
  settings: AppliedSetting[];
  ignored: IgnoredChange[];
  /** The learner's compose.yaml, for the constraints; undefined when it does not parse. */
  learnerCompose?: ComposeDoc;
}

/** Builds the check's stack folder from the bundled lab and the learner's files; writes only what differs. */
export function assembleCheckStack(entry: LabEntry, workspaceDir: string, env: NodeJS.ProcessEnv = process.env): CheckStack {
  const dir = checkStackDir(workspaceDir, entry.lab.id, env);
  const learnerDir = hasLabCopy(entry, workspaceDir) ? labCopyDir(workspaceDir, entry.lab.id) : entry.dir;
  const isLearner = learnerFileMatcher(entry.lab.learnerFiles);
  const plan = new Map<string, string>();
  for (const rel of listLabFiles(entry.dir)) if (!isLearner(rel)) plan.set(rel, join(entry.dir, rel));
  const learnerFiles = listLabFiles(learnerDir).filter(isLearner);
  for (const rel of learnerFiles) plan.set(rel, join(learnerDir, rel));

  const composeRel = 'compose.yaml';
  const bundled = readComposeDoc(entry.composeFile);
  let learnerCompose: ComposeDoc | undefined = bundled;
  const ignored: IgnoredChange[] = [];
  if (learnerDir !== entry.dir) {
    const diff = diffLabCopy(entry.dir, learnerDir);
    const describe = (rel: string) => whatHappened(rel, bundled);
    for (const rel of diff.changed.filter((f) => !isLearner(f))) {
      if (rel === composeRel) continue;
      ignored.push({ file: rel, change: 'changed', detail: `differs from the lab's: ${describe(rel)}` });
    }
    for (const rel of diff.added.filter((f) => !isLearner(f))) ignored.push({ file: rel, change: 'added', detail: `is not one of the lab's files to edit: the check did not run it` });
    for (const rel of diff.missing.filter((f) => !isLearner(f))) ignored.push({ file: rel, change: 'deleted', detail: `was deleted: ${describe(rel)}` });
    if (diff.changed.includes(composeRel) || diff.missing.includes(composeRel)) {
      try {
        learnerCompose = diff.missing.includes(composeRel) ? undefined : readComposeDoc(join(learnerDir, composeRel));
      } catch (err) {
        learnerCompose = undefined;
        ignored.push({ file: composeRel, change: 'changed', detail: `cannot be read (${(err as Error).message.split('\n')[0]}): the check used the lab's compose.yaml` });
      }
      if (learnerCompose) ignored.push(...composeChanges(entry, bundled, learnerCompose));
    }
  }
  const settings = learnerCompose ? learnerSettings(entry, bundled, learnerCompose) : [];

  syncFolder(dir, plan);
  const overrides: string[] = [];
  const quiet = quietOverride(bundled, entry.lab.scenario?.load.service);
  const quietFile = join(dir, QUIET_FILE);
  if (quiet) {
    writeIfChanged(quietFile, `# Generated by Break/Fix Labs for a check: healthchecks every ${QUIET_INTERVAL}, so that they do not take the CPU the check measures; the load service starts without waiting for Docker to call its targets healthy (the check waits for them itself).\n${stringify(quiet)}`);
    overrides.push(quietFile);
  } else rmSync(quietFile, { force: true });
  const settingsFile = join(dir, SETTINGS_FILE);
  if (settings.length) {
    const services: Record<string, { environment: Record<string, string> }> = {};
    for (const s of settings) (services[s.service] ??= { environment: {} }).environment[s.env] = s.value;
    writeIfChanged(settingsFile, `# Generated by Break/Fix Labs for a check: the settings of your compose.yaml that lab.yaml lets you change.\n${stringify({ services })}`);
    overrides.push(settingsFile);
  } else rmSync(settingsFile, { force: true });
  return { dir, learnerDir, learnerFiles, overrides, settings, ignored, learnerCompose };
}

type QuietHealthcheck = { interval: string; retries?: number };
type QuietService = { healthcheck?: QuietHealthcheck; depends_on?: Record<string, { condition: 'service_started' }> };

/**
 * `services.<name>.healthcheck` for every service of the lab with a healthcheck: `interval` QUIET_INTERVAL,
 * and `retries` scaled so that a dead service is still called unhealthy as soon as the lab's own settings
 * say (1 s × 120 retries: 2 min, so 24 at 5 s), not five times later; and `services.<load>.depends_on`
 * with every `service_healthy` dependency of the load service as `service_started` (see QUIET_FILE).
 * Undefined when there is nothing to override.
 */
function quietOverride(bundled: ComposeDoc, loadService: string | undefined): { services: Record<string, QuietService> } | undefined {
  const services: Record<string, QuietService> = {};
  for (const [name, def] of Object.entries(composeServices(bundled))) {
    const hc = def.healthcheck as { disable?: boolean; test?: unknown; interval?: unknown; retries?: unknown } | undefined;
    if (!hc || hc.disable || hc.test === undefined) continue;
    const retries = quietRetries(hc.interval, hc.retries);
    services[name] = { healthcheck: { interval: QUIET_INTERVAL, ...(retries !== undefined ? { retries } : {}) } };
  }
  const deps = loadService ? composeServices(bundled)[loadService]?.depends_on : undefined;
  const healthy = deps && !Array.isArray(deps) ? Object.entries(deps as Record<string, { condition?: string } | null>).filter(([, d]) => d?.condition === 'service_healthy') : [];
  if (healthy.length) (services[loadService!] ??= {}).depends_on = Object.fromEntries(healthy.map(([dep]) => [dep, { condition: 'service_started' as const }]));
  return Object.keys(services).length ? { services } : undefined;
}

/** The retries at QUIET_INTERVAL that give the lab's interval × retries (Docker's defaults: 30 s, 3); undefined when unreadable. */
function quietRetries(interval: unknown, retries: unknown): number | undefined {
  try {
    const labMs = interval === undefined ? 30_000 : parseDuration(interval as string);
    const labRetries = retries === undefined ? 3 : Number(retries);
    if (!Number.isInteger(labRetries) || labRetries < 1) return undefined;
    return Math.max(1, Math.ceil((labMs * labRetries) / parseDuration(QUIET_INTERVAL)));
  } catch {
    return undefined; // a duration Compose reads but we do not (1m30s): its retries stay as they are
  }
}

/** The env values the lab lets the learner set (lab.yaml learnerSettings) that the learner's compose.yaml sets. */
function learnerSettings(entry: LabEntry, bundled: ComposeDoc, learner: ComposeDoc): AppliedSetting[] {
  const out: AppliedSetting[] = [];
  const learnerServices = composeServices(learner);
  for (const s of entry.lab.learnerSettings ?? []) {
    const allowed = picomatch(s.env);
    const mine = composeEnv(learnerServices[s.service]);
    const lab = composeEnv(composeServices(bundled)[s.service]);
    for (const [env, value] of Object.entries(mine)) if (allowed(env) && lab[env] !== value) out.push({ service: s.service, env, value });
  }
  return out;
}

function settingAllowed(entry: LabEntry, service: string, env: string): boolean {
  return (entry.lab.learnerSettings ?? []).some((s) => s.service === service && picomatch(s.env)(env));
}

/** How the learner's compose.yaml differs from the lab's, setting by setting, and what the check did with each. */
function composeChanges(entry: LabEntry, bundled: ComposeDoc, learner: ComposeDoc): IgnoredChange[] {
  const out: IgnoredChange[] = [];
  const push = (detail: string) => out.push({ file: 'compose.yaml', change: 'changed', detail });
  const lab = composeServices(bundled);
  const mine = composeServices(learner);
  const constrained = (service: string, what: 'replicas' | string) =>
    entry.lab.constraints.find((c) => c.service === service && (what === 'replicas' ? 'replicas' in c : 'env' in c && c.env === what));
  for (const name of Object.keys(mine).filter((n) => !(n in lab))) {
    push(`adds service "${name}": a check runs only the lab's services (${SERVICES_CONSTRAINT_ID} fails)`);
  }
  for (const name of Object.keys(lab).filter((n) => !(n in mine))) push(`removes service "${name}": the check ran the lab's ${name}`);
  for (const name of Object.keys(lab).filter((n) => n in mine)) {
    const [a, b] = [lab[name], mine[name]];
    const [ra, rb] = [composeReplicas(a), composeReplicas(b)];
    if (ra !== rb) {
      const c = constrained(name, 'replicas');
      push(`services.${name}: ${rb} replicas instead of ${ra}: the check ran the lab's ${ra}${c ? ` (${constraintId(c)} fails)` : ''}`);
    }
    const [ea, eb] = [composeEnv(a), composeEnv(b)];
    for (const key of [...new Set([...Object.keys(ea), ...Object.keys(eb)])].sort()) {
      if (ea[key] === eb[key] || settingAllowed(entry, name, key)) continue;
      const c = constrained(name, key);
      const change = key in ea ? (key in eb ? `${JSON.stringify(ea[key])} → ${JSON.stringify(eb[key])}` : 'removed') : `added (${JSON.stringify(eb[key])})`;
      push(`services.${name}.environment.${key} ${change}: the check ran the lab's ${key in ea ? 'value' : 'environment without it'}${c ? ` (${constraintId(c)} fails)` : ''}`);
    }
    const others = [...new Set([...Object.keys(a), ...Object.keys(b)])]
      .filter((k) => !['environment', 'deploy', 'scale'].includes(k) && !isDeepStrictEqual(a[k], b[k]))
      .concat(isDeepStrictEqual(withoutReplicas(a.deploy), withoutReplicas(b.deploy)) ? [] : ['deploy'])
      .sort();
    if (others.length) push(`services.${name}: ${others.join(', ')} differ${others.length === 1 ? 's' : ''}: the check used the lab's`);
  }
  const top = [...new Set([...Object.keys(bundled), ...Object.keys(learner)])].filter((k) => k !== 'services' && !isDeepStrictEqual((bundled as Record<string, unknown>)[k], (learner as Record<string, unknown>)[k]));
  if (top.length) push(`${top.join(', ')} differ${top.length === 1 ? 's' : ''}: the check used the lab's`);
  return out;
}

function withoutReplicas(deploy: { replicas?: number } | undefined): Record<string, unknown> {
  const { replicas: _r, ...rest } = deploy ?? {};
  return rest;
}

/** "the check used the lab's provider", for a file in a service's build folder; else the file itself. */
function whatHappened(rel: string, bundled: ComposeDoc): string {
  for (const [name, def] of Object.entries(composeServices(bundled))) {
    const build = def.build as string | { context?: string } | undefined;
    const ctx = (typeof build === 'string' ? build : build?.context)?.replace(/^\.\//, '').replace(/\/$/, '');
    if (ctx && ctx !== '.' && rel.startsWith(`${ctx}/`)) return `the check used the lab's ${name}`;
  }
  if (/^prometheus\.ya?ml$/.test(rel)) return "the check used the lab's Prometheus configuration";
  return `the check used the lab's ${rel}`;
}

/** Makes `dir` hold exactly the planned files (relative path → source); unchanged files are not rewritten. */
function syncFolder(dir: string, plan: Map<string, string>): void {
  mkdirSync(dir, { recursive: true });
  for (const rel of listLabFiles(dir)) if (!plan.has(rel) && !GENERATED.has(rel)) rmSync(join(dir, rel), { force: true });
  for (const [rel, src] of plan) writeIfChanged(join(dir, rel), readFileSync(src));
}

function writeIfChanged(file: string, content: string | Buffer): void {
  const data = typeof content === 'string' ? Buffer.from(content) : content;
  if (existsSync(file) && readFileSync(file).equals(data)) return;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, data);
}
