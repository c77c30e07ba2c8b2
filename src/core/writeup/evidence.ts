// The evidence block of a writeup: before/after of every check, the scale proofs (scaling.ts), the fault
// timeline, charts of the key panels over the passing run, and the diff stat of the fix. Regenerated; never
// holds the learner's text.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cell, formatValue } from '../checker/report';
import type { CheckResult, RunReport } from '../checker/types';
import type { LabEntry } from '../labs/types';
import { diffStatFromBaseline } from '../workspace/baseline';
import { writeupAssetsDir } from '../workspace/paths';
import { costComparison, costLines } from '../cost/model';
import { chartSvg, type FaultBand } from './chart';
import type { CitedRun, CitedRuns } from './runs';
import { scalingEvidence } from './scaling';
import { EVIDENCE_END, EVIDENCE_START } from './sections';

export interface Evidence {
  markdown: string;
  /** Chart files written (absolute paths). */
  charts: string[];
}

const value = (c: CheckResult | undefined) => (c ? `${c.pass ? '✔' : '✘'} ${cell(formatValue(c.measured, c.unit))}` : '-');
const attemptName = (r: CitedRun) => `attempt ${r.attempt.n}, ${r.report.startedAt.slice(0, 16).replace('T', ' ')} UTC`;

/** Seconds since the load started, for each fault period of a run. */
export function faultBands(report: RunReport): FaultBand[] {
  const start = Date.parse(report.run?.start ?? report.load.startedAt ?? report.startedAt);
  const end = Date.parse(report.run?.end ?? report.finishedAt);
  return report.timeline
    .filter((t) => t.injectedAt)
    .map((t) => ({ fault: t.fault, from: (Date.parse(t.injectedAt!) - start) / 1000, to: ((t.revertedAt ? Date.parse(t.revertedAt) : end) - start) / 1000 }));
}

/** "### Cost": before against after per 1,000 events, then the passing run's priced lines. Empty without a cost. */
export function costSection(before: RunReport | undefined, after: RunReport | undefined): string[] {
  const b = before?.cost;
  const a = after?.cost;
  if (!a && !b) return [];
  const out = ['### Cost', ''];
  const compared = costComparison(b, a, { before: 'Your first failing run', after: 'your passing run' });
  if (compared) out.push(`${compared}.`, '');
  const shown = a ?? b!;
  out.push(`${a ? 'The passing run' : 'The failing run'}, priced (the lab's cost model; each price's source is in the run report):`, '', ...costLines(shown), '');
  return out;
}

/** Writes the charts under <workspace>/writeups/<id>/ and returns the evidence block (with its markers). */
export async function buildEvidence(entry: LabEntry, workspaceDir: string, runs: CitedRuns): Promise<Evidence> {
  const id = entry.lab.id;
  const out: string[] = [EVIDENCE_START, '## Evidence', ''];
  const { before, after } = runs;
  out.push(`Measured by \`breakfix check ${id}\`: before = your first failing run${before ? ` (${attemptName(before)})` : ' (none recorded)'}, after = your passing run${after ? ` (${attemptName(after)})` : ' (none recorded)'}.`, '');

  out.push('### Before and after', '', `| Check | Threshold | Before | After |`, '|---|---|---|---|');
  const ids = [...new Set([...(after?.report.checks ?? []), ...(before?.report.checks ?? [])].map((c) => c.id))];
  for (const cid of ids) {
    const b = before?.report.checks.find((c) => c.id === cid);
    const a = after?.report.checks.find((c) => c.id === cid);
    const c = (a ?? b)!;
    out.push(`| **${cell(cid)}**: ${cell(c.title)} | \`${c.op}\` ${cell(formatValue(c.threshold, c.unit))} | ${value(b)} | ${value(a)} |`);
  }
  const load = (r?: CitedRun) => r?.report.load.summary;
  if (load(before) || load(after)) {
    const l = (r?: CitedRun) => (load(r) ? `${load(r)!.accepted}/${load(r)!.sent} accepted at ${load(r)!.achievedRate}/s, p95 ${load(r)!.latencyMs.p95} ms` : '-');
    out.push(`| Load (client side) | | ${l(before)} | ${l(after)} |`);
  }
  out.push('', ...costSection(before?.report, after?.report));

  const scaling = await scalingEvidence(id, workspaceDir, runs);
  out.push(...scaling.lines);
  const charts: string[] = [...scaling.charts];
  if (after) {
    const bands = faultBands(after.report);
    out.push('### Fault timeline (passing run)', '', '| Fault | Injected | Reverted | Verify |', '|---|---|---|---|');
    for (const b of bands) {
      const t = after.report.timeline.find((x) => x.fault === b.fault && x.injectedAt);
      out.push(`| ${b.fault} | +${b.from.toFixed(1)} s | +${b.to.toFixed(1)} s | ${cell(t?.error ?? t?.verify ?? '')} |`);
    }
    out.push('', 'Seconds are counted from the first request of the load.', '');

    const keys = entry.lab.writeup?.keyPanels ?? entry.lab.panels.map((p) => p.id);
    const series = after.report.series ?? [];
    const start = Date.parse(after.report.run?.start ?? after.report.startedAt);
    const dir = writeupAssetsDir(workspaceDir, id);
    out.push('### Charts (passing run)', '');
    if (!series.length) out.push('_This run kept no panel data (it was recorded by an older version of breakfix): run the check again to get charts._', '');
    else await mkdir(dir, { recursive: true });
    for (const key of keys) {
      const panel = series.find((s) => s.panel === key);
      if (!panel) continue;
      const file = join(dir, `${key}.svg`);
      await writeFile(file, chartSvg(panel, start, bands));
      charts.push(file);
      out.push(`![${panel.title}](${id}/${key}.svg)`, '');
    }
  }

  out.push('### The fix (diff stat from the baseline)', '');
  const stat = await diffStatFromBaseline(workspaceDir, id, after?.attempt.commit).catch(() => undefined);
  out.push(stat === undefined ? `_No git history: start the lab with \`breakfix start ${id}\` to get the diff of your fix._` : stat ? ['```', stat, '```'].join('\n') : '_No change from the baseline._');
  if (runs.missing.length) out.push('', `_Run reports not found: ${runs.missing.join(', ')}._`);
  out.push('', EVIDENCE_END);
  return { markdown: out.join('\n') + '\n', charts };
}
