import { buildReport, writeAssessmentReport } from '../../core/assessment/report';
import { readAssessment } from '../../core/assessment/record';
import { resolveWorkspace } from '../../core/workspace/paths';
import type { CliContext } from '../context';
import { json } from '../print';
import { flag, type AssessStep } from './step';
import type { AssessmentReport } from '../../core/assessment/types';

export const reportStep: AssessStep = {
  name: 'report',
  usage: 'assess report [--json]',
  summary: 'Write the report (Markdown, JSON, HTML) of the assessment in this workspace, with its score',
  async run(ctx) {
    const ws = resolveWorkspace(flag(ctx, 'workspace'));
    const { record } = await readAssessment(ws);
    if (!record) {
      ctx.err('No assessment in this workspace: start one with `breakfix assess start <lab>`.');
      return 1;
    }
    const report = await buildReport(await ctx.lab(record.lab), ws, record);
    const files = await writeAssessmentReport(ws, report);
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
