// Writes a run's report: <workspace>/.breakfix/runs/<lab>/<timestamp>.json and .md.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { costLines } from '../cost/model';
import { scalingLines } from '../scaling/evaluate';
import { isScalingResult } from '../scaling/types';
import { runsDir } from '../workspace/paths';
import type { CheckResult, RunReport } from './types';

/** ISO time with ":" and "." replaced, so the name is valid on every file system: 2026-11-22T10-15-30-123Z. */
export function reportStamp(iso: string): string {
  return iso.replace(/[:.]/g, '-');
}


/**
 * Whether a run got as far as starting the lab's stack with the learner's files. Only such a run is an
 * attempt, with a report in the workspace: before that (no engine, no Compose, a build that failed) the
 * learner's code never ran, and there is nothing of theirs to record.
 */
export function startedTheStack(report: Pick<RunReport, 'durations'>): boolean {
  return report.durations.up !== undefined;
}

export async function writeReport(report: RunReport): Promise<{ json: string; md: string }> {
  const dir = runsDir(report.workspaceDir, report.lab);
  await mkdir(dir, { recursive: true });
  const base = join(dir, reportStamp(report.startedAt));
  const files = { json: `${base}.json`, md: `${base}.md` };
  report.files = files;
  await atomicWrite(files.json, JSON.stringify(report, null, 2) + '\n');
  await atomicWrite(files.md, reportMarkdown(report));
  return files;
}

async function atomicWrite(file: string, text: string) {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, file);
}

export function formatValue(v: number | string | null, unit?: string): string {
  if (v === null) return 'no data';
  if (typeof v === 'string') return JSON.stringify(v);
  const n = Number.isInteger(v) ? String(v) : Math.abs(v) >= 100 ? v.toFixed(1) : v.toPrecision(4).replace(/\.?0+$/, '');
  return unit && unit !== 'count' ? `${n} ${unit}` : n;
}

/** "✔ p95-enqueue: 0.012 seconds < 0.15 seconds" */
export function checkLine(c: CheckResult): string {
  return `${c.pass ? '✔' : '✘'} ${c.id}: ${formatValue(c.measured, c.unit)} ${c.op} ${formatValue(c.threshold, c.unit)}${c.note ? ` (${c.note})` : ''}`;
}

/** A result as printed: its checkLine, or for a scale proof its lines with both throughputs and the ratio. */
export function resultLines(c: CheckResult): string[] {
  return isScalingResult(c) ? scalingLines(c) : [checkLine(c)];
}

/** Escapes a value for one Markdown table cell. */
export const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function reportMarkdown(r: RunReport): string {
  const lines: string[] = [];
  const verdict = r.verdict === 'pass' ? 'PASS' : r.verdict === 'fail' ? `FAIL (${r.failed.join(', ')})` : 'ERROR';
  lines.push(`# Check of ${r.lab}: ${verdict}`, '');
  lines.push(`- Mode: ${r.mode}`, `- Started: ${r.startedAt}`, `- Finished: ${r.finishedAt}`, `- Stack folder: ${r.stackDir}`, `- Your files from: ${r.learnerDir}`);
  if (r.only) lines.push(`- Evaluated only: ${r.only.join(', ')} (the other checks were not evaluated)`);
  if (r.rebuilt.length) lines.push(`- Rebuilt: ${r.rebuilt.join(', ')}`);
  if (r.run) lines.push(`- Run ($__run): ${r.run.start} → ${r.run.end} (${r.run.range})`);
  if (r.learnerSettings?.length) lines.push(`- Your settings: ${r.learnerSettings.map((s) => `${s.service} ${s.env}=${s.value}`).join(', ')}`);
  if (r.error) lines.push('', '## Error', '', '```', r.error, '```');
  if (r.ignoredChanges?.length) {
    lines.push('', '## Changes the check did not run', '', 'A check runs the lab\'s own stack with only your files to edit (lab.yaml learnerFiles) from your copy.', '');
    for (const c of r.ignoredChanges) lines.push(`- \`${c.file}\` ${cell(c.detail)}`);
  }
  lines.push('', '## Checks', '', '| | Check | Measured | Op | Threshold | Source |', '|---|---|---|---|---|---|');
  for (const c of r.checks) {
    lines.push(`| ${c.pass ? '✔' : '✘'} | **${cell(c.id)}**: ${cell(c.title)}${c.note ? ` _(${cell(c.note)})_` : ''} | ${cell(formatValue(c.measured, c.unit))} | \`${c.op}\` | ${cell(formatValue(c.threshold, c.unit))} | \`${cell(c.source)}\` |`);
  }
  const scaled = r.checks.filter(isScalingResult);
  if (scaled.length) {
    lines.push('', '## Scale proofs', '', 'Each ran the same load at two replica counts after the run above; throughput = processed ÷ the side\'s seconds (load start → drained, or its timeout).', '');
    for (const c of scaled) lines.push('```text', ...scalingLines(c), '```', '');
    lines.pop();
  }
  lines.push('', '## Timeline', '', '| Fault | Planned | Injected | Verified | Reverted | Verify |', '|---|---|---|---|---|---|');
  for (const t of r.timeline) {
    const planned = `at ${t.atSeconds}s${t.forSeconds !== undefined ? ` for ${t.forSeconds}s` : ''}`;
    lines.push(`| ${t.fault} | ${planned} | ${t.injectedAt ?? '-'} | ${t.verifiedAt ?? '-'} | ${t.revertedAt ?? '-'} | ${cell(t.error ?? t.verify ?? '')} |`);
  }
  lines.push('', '## Load', '');
  lines.push(`- Service: ${r.load.service}, target ${r.load.requests} requests at ${r.load.rate}/s`);
  const s = r.load.summary;
  if (s) {
    lines.push(`- Sent ${s.sent}, accepted ${s.accepted}, rejected ${s.rejected}, errors ${s.errors}`);
    lines.push(`- Achieved ${s.achievedRate} req/s over ${s.durationSeconds} s`);
    if (s.latencyMs) lines.push(`- Latency ms: p50 ${s.latencyMs.p50}, p95 ${s.latencyMs.p95}, p99 ${s.latencyMs.p99}, max ${s.latencyMs.max}`);
  }
  if (r.cost) lines.push('', '## Cost', '', "What the run cost at the lab's prices (lab.yaml `cost`; each price's source is in the JSON report):", '', ...costLines(r.cost));
  if (r.drain) lines.push('', '## Drain', '', `- \`${r.drain.until}\`: ${r.drain.skipped ? `not waited for: ${r.drain.skipped}` : `${r.drain.drained ? 'drained' : 'NOT drained (timeout)'} after ${r.drain.waitedSeconds} s`}`);
  lines.push('', '## Durations (s)', '');
  for (const [k, v] of Object.entries(r.durations)) lines.push(`- ${k}: ${v}`);
  return lines.join('\n') + '\n';
}
