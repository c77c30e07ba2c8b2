// The scale proofs in a writeup's evidence: for each scaling check a cited run measured, a table of both
// throughputs and the ratio (the first failing run beside the passing one), a bar chart of the same, and
// the report lines of the latest of them.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { scalingChartSvg, scalingTable, type ScalingRun } from '../scaling/chart';
import { scalingLines } from '../scaling/evaluate';
import { isScalingResult } from '../scaling/types';
import { writeupAssetsDir } from '../workspace/paths';
import type { CitedRuns } from './runs';

/** The chart's file name: prefixed, so a check can never overwrite a panel's chart of the same id. */
export const scalingChartFile = (checkId: string) => `scaling-${checkId}.svg`;

/** "### Scale proof: <title>" per scaling check of the cited runs; its charts written under writeups/<lab>/. */
export async function scalingEvidence(labId: string, workspaceDir: string, runs: CitedRuns): Promise<{ lines: string[]; charts: string[] }> {
  const cited = [
    { label: 'before', run: runs.before },
    { label: 'after', run: runs.after },
  ];
  const ids = [...new Set(cited.flatMap(({ run }) => (run?.report.checks ?? []).filter(isScalingResult).map((c) => c.id)))];
  const lines: string[] = [];
  const charts: string[] = [];
  for (const id of ids) {
    const measured: ScalingRun[] = cited.flatMap(({ label, run }) => {
      const result = run?.report.checks.find((c) => c.id === id);
      return result && isScalingResult(result) ? [{ label, result }] : [];
    });
    const last = measured[measured.length - 1];
    const latest = last.result;
    const dir = writeupAssetsDir(workspaceDir, labId);
    await mkdir(dir, { recursive: true });
    const file = join(dir, scalingChartFile(id));
    await writeFile(file, scalingChartSvg(measured, latest.title));
    charts.push(file);
    lines.push(`### Scale proof: ${latest.title}`, '');
    lines.push(scalingTable(measured), `![${latest.title}](${labId}/${scalingChartFile(id)})`, '');
    lines.push(`As the ${last.label === 'after' ? 'passing' : 'first failing'} run measured it:`, '', '```text', ...scalingLines(latest), '```', '');
  }
  return { lines, charts };
}
