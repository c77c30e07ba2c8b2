import { buildReport, writeAssessmentReport, type ReportFiles } from '../../core/assessment/report';
import { reportLockMessage } from '../../core/assessment/locks';
import { readAssessment } from '../../core/assessment/record';
import type { AssessmentRecord, AssessmentReport } from '../../core/assessment/types';
import { resolveWorkspace } from '../../core/workspace/paths';
import type { CliContext } from '../context';
import { json } from '../print';
import { flag, type AssessStep } from './step';

/** The workspace's assessment record (running or ended), or undefined after saying there is none. */
export async function recordOrSay(ctx: CliContext, ws: string): Promise<AssessmentRecord | undefined> {
  const { record, warnings } = await readAssessment(ws);
  for (const w of warnings) ctx.err(`warning: ${w}`);
  if (!record) ctx.err('No assessment in this workspace: start one with `breakfix assess start <lab>` (`breakfix assess labs` lists them).');
  return record;
}

/** Builds the report of the record and writes it (.breakfix/assessment/<id>/report.{json,md,html}). */
export async function writeReportOf(ctx: CliContext, ws: string, record: AssessmentRecord): Promise<{ report: AssessmentReport; files: ReportFiles }> {
  const report = await buildReport(await ctx.lab(record.lab), ws, record);
  return { report, files: await writeAssessmentReport(ws, report) };
}

export const reportStep: AssessStep = {
  name: 'report',
  usage: 'assess report [--json]',
  summary: 'Write the report (Markdown, JSON, HTML) of the assessment in this workspace, with its score',
  async run(ctx) {
    const ws = resolveWorkspace(flag(ctx, 'workspace'));
    const record = await recordOrSay(ctx, ws);
    if (!record) return 1;
    const locked = reportLockMessage(record);
    if (locked) {
      ctx.err(locked);
      return 1;
    }
    const { report, files } = await writeReportOf(ctx, ws, record);
    if (ctx.flags.json) ctx.out(json(report));
    else printScore(ctx, report);
    (ctx.flags.json ? ctx.err : ctx.out)(`Report: ${files.html} (also report.md, report.json)`);
    return 0;
  },
};

export function printScore(ctx: CliContext, report: AssessmentReport): void {
  ctx.out(`Score: ${report.score.total} / ${report.score.max}`);
  for (const p of report.score.parts) ctx.out(`  ${p.part.padEnd(12)} ${String(p.points).padStart(5)} / ${String(p.of).padEnd(4)} ${p.why}`);
}
