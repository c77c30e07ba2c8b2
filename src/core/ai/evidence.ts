// What each AI tool reads or does, on the core's own parts (catalogue, runtime, Prometheus, faults, run
// reports). Only run through runAiTool (run.ts), which applies the guards around them.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { RunReport } from '../checker/types';
import { createFaultContext, faultStates, injectFault, revertFault, verifyFault, findFault } from '../faults';
import type { LabEntry } from '../labs/types';
import { prometheusFor } from '../metrics/prometheus';
import { stackLogs, stackStatus } from '../runtime/stack';
import { runsDir } from '../workspace/paths';
import { revealedHints } from './guard';
import { MAX_POINTS, MAX_SERIES } from './tools';
import type { AiDeps } from './run';

/** Indented JSON, with each [time, value] point on one line (a range query is mostly points). */
const json = (v: unknown) => JSON.stringify(v, null, 1).replace(/\[\s+(-?[\d.e+-]+),\s+("?[^\s\]]+"?)\s+\]/g, '[$1, $2]');

export async function labSpec(entry: LabEntry, deps: AiDeps): Promise<string> {
  const lab = entry.lab;
  const revealed = await revealedHints(deps.workspaceDir, lab.id);
  const services = Object.keys((parse(await readFile(entry.composeFile, 'utf8')) as { services?: object })?.services ?? {});
  const check = (c: (typeof lab.checks)[number]) => `- ${c.id}: ${c.title} (passes when ${c.op} ${c.threshold}${c.unit ? ` ${c.unit}` : ''})`;
  const hints = lab.hints.slice(0, revealed);
  return [
    `# ${lab.title} (${lab.id}, ${lab.level})`,
    lab.summary,
    `## Services\n${services.join(', ')}`,
    `## Faults it can inject\n${lab.faults.map((f) => `- ${f.id}: ${f.title} (${f.kind})`).join('\n') || '(none)'}`,
    `## Panels (PromQL)\n${lab.panels.map((p) => `- ${p.title}: \`${p.query}\` (${p.unit})`).join('\n')}`,
    `## Checks the checker measures\n${lab.checks.map(check).join('\n')}`,
    `## Hints revealed: ${hints.length} of ${lab.hints.length}\n${hints.map((h, i) => `${i + 1}. ${h}`).join('\n') || '(none yet)'}`,
    `## The lab's README\n${await readFile(entry.readme, 'utf8')}`,
  ].join('\n\n');
}

export async function stackStatusText(entry: LabEntry, deps: AiDeps, signal: AbortSignal): Promise<string> {
  const services = await stackStatus(entry, { signal, env: deps.env });
  if (!services.length) return json({ lab: entry.lab.id, running: false, hint: `Start it: Start Lab in the sidebar, or \`breakfix up ${entry.lab.id}\`.` });
  const faults = await faultStates(await createFaultContext({ signal, env: deps.env }), entry);
  return json({
    lab: entry.lab.id,
    running: true,
    services: services.map((s) => ({ service: s.service, state: s.state, health: s.health, ports: s.ports.map((p) => `${p.hostIp}:${p.host}->${p.container}`) })),
    activeFaults: faults.filter((f) => f.active).map((f) => ({ id: f.id, title: f.title, detail: f.detail })),
    inactiveFaults: faults.filter((f) => f.active === false).map((f) => f.id),
    unknownFaults: faults.filter((f) => f.active === null).map((f) => ({ id: f.id, why: f.detail })),
  });
}

export async function queryMetrics(entry: LabEntry, input: { query: string; rangeSeconds?: number }, deps: AiDeps, signal: AbortSignal): Promise<string> {
  const services = await stackStatus(entry, { signal, env: deps.env });
  if (!services.length) throw new Error(`${entry.lab.id} is not running, so it has no metrics: start it (Start Lab, or \`breakfix up ${entry.lab.id}\`).`);
  const prom = prometheusFor(entry, services);
  if (input.rangeSeconds === undefined) {
    const samples = await prom.query(input.query, undefined, { signal });
    return json({ query: input.query, at: new Date().toISOString(), series: samples.length, samples: samples.slice(0, MAX_SERIES), ...more(samples.length) });
  }
  const end = Date.now() / 1000;
  const step = Math.max(1, Math.ceil(input.rangeSeconds / (MAX_POINTS - 1)));
  const series = await prom.queryRange(input.query, end - input.rangeSeconds, end, step, { signal });
  return json({
    query: input.query,
    from: new Date((end - input.rangeSeconds) * 1000).toISOString(),
    to: new Date(end * 1000).toISOString(),
    stepSeconds: step,
    series: series.length,
    values: series.slice(0, MAX_SERIES).map((s) => ({ labels: s.labels, points: s.values.slice(-MAX_POINTS).map(([t, v]) => [Math.round(t - end), round(v)]) })),
    pointTimes: 'seconds relative to "to"',
    ...more(series.length),
  });
}

const more = (n: number) => (n > MAX_SERIES ? { leftOut: `${n - MAX_SERIES} more series: aggregate (sum by, topk) to see them` } : {});
const round = (v: number) => (Number.isFinite(v) ? Math.round(v * 1000) / 1000 : String(v));

/** The newest run report of the lab in the workspace, or undefined. */
export async function latestReport(workspaceDir: string, labId: string): Promise<RunReport | undefined> {
  const dir = runsDir(workspaceDir, labId);
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.json')).sort();
  for (const name of names.reverse()) {
    try {
      return JSON.parse(await readFile(join(dir, name), 'utf8')) as RunReport;
    } catch {
      // A half-written or corrupt report: the one before it.
    }
  }
  return undefined;
}

/** A report as evidence: the verdict, each check measured against its threshold, the timeline and the load. */
export function reportEvidence(r: RunReport): string {
  return json({
    lab: r.lab,
    verdict: r.verdict,
    mode: r.mode,
    startedAt: r.startedAt,
    failed: r.failed,
    error: r.error,
    checks: r.checks.map((c) => ({ id: c.id, title: c.title, pass: c.pass, measured: c.measured, want: `${c.op} ${c.threshold}`, unit: c.unit, source: c.source, note: c.note })),
    timeline: r.timeline.map((t) => ({ fault: t.fault, atSeconds: t.atSeconds, forSeconds: t.forSeconds, injectedAt: t.injectedAt, revertedAt: t.revertedAt, verify: t.verify })),
    load: r.load,
    run: r.run,
    drain: r.drain,
    durations: r.durations,
    notRun: r.ignoredChanges,
  });
}

export async function lastCheck(entry: LabEntry, deps: AiDeps): Promise<string> {
  const report = deps.workspaceDir ? await latestReport(deps.workspaceDir, entry.lab.id) : undefined;
  if (!report) return json({ lab: entry.lab.id, report: null, hint: `No check of ${entry.lab.id} has run in this workspace yet: Run Check, or \`breakfix check ${entry.lab.id}\`.` });
  return reportEvidence(report);
}

export async function logsText(entry: LabEntry, input: { service: string; lines?: number }, deps: AiDeps, signal: AbortSignal): Promise<string> {
  const known = Object.keys((parse(await readFile(entry.composeFile, 'utf8')) as { services?: object })?.services ?? {});
  if (!known.includes(input.service)) throw new Error(`${entry.lab.id} has no service "${input.service}". Its services: ${known.join(', ')}.`);
  const lines: string[] = [];
  await stackLogs(entry, input.service, { tail: input.lines ?? 50, onLine: (l) => lines.push(l), signal, env: deps.env, timeoutMs: 15_000 });
  if (!lines.length) return `(no log lines from ${input.service}: is ${entry.lab.id} running? \`breakfix status ${entry.lab.id}\`)`;
  return lines.join('\n');
}

/** Faults an assistant injected that are still due to heal, so a host can heal them when it stops. */
const pendingHeals = new Map<string, { timer: NodeJS.Timeout; heal: () => Promise<void> }>();

export async function injectFaultText(entry: LabEntry, input: { fault: string; seconds?: number }, deps: AiDeps, signal: AbortSignal): Promise<string> {
  const fault = findFault(entry.lab, input.fault);
  const fc = await createFaultContext({ signal, env: deps.env });
  await injectFault(fc, entry, fault);
  const verified = await verifyFault(fc, entry, fault);
  const seconds = input.seconds ?? 60;
  const key = `${entry.lab.id}/${fault.id}`;
  pendingHeals.get(key)?.timer && clearTimeout(pendingHeals.get(key)!.timer);
  const heal = () => revertFault({ docker: fc.docker }, entry, fault).catch(() => undefined).finally(() => pendingHeals.delete(key));
  const timer = setTimeout(() => void heal(), seconds * 1000);
  timer.unref?.();
  pendingHeals.set(key, { timer, heal });
  return json({ lab: entry.lab.id, fault: fault.id, active: true, verified: verified.detail, healsAfterSeconds: seconds, healNow: `breakfix heal ${entry.lab.id} ${fault.id}` });
}

/** Heals every fault an assistant injected that has not healed yet (a host stopping). */
export async function healPending(): Promise<void> {
  await Promise.all([...pendingHeals.values()].map((p) => (clearTimeout(p.timer), p.heal())));
}

export async function runCheckText(entry: LabEntry, deps: AiDeps, signal: AbortSignal): Promise<string> {
  if (!deps.runCheck) throw new Error('this host cannot run checks');
  return reportEvidence(await deps.runCheck(entry, signal));
}
