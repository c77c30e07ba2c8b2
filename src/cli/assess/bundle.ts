import { bundlePath, writeBundle } from '../../core/assessment/bundle';
import { readAssessment, runningFor } from '../../core/assessment/record';
import { resolve } from 'node:path';
import { resolveWorkspace } from '../../core/workspace/paths';
import { endRunning } from './end';
import { printScore, recordOrSay, writeReportOf } from './report';
import { flag, type AssessStep } from './step';

export const bundleStep: AssessStep = {
  name: 'bundle',
  usage: 'assess bundle [--out FILE] [--yes]',
  summary: 'End the assessment and write what you hand in: report, diff, postmortem and submits in one .tgz',
  async run(ctx) {
    const ws = resolveWorkspace(flag(ctx, 'workspace'));
    let record = await recordOrSay(ctx, ws);
    if (!record) return 1;
    if (runningFor(record)) {
      if (!(await endRunning(ctx, ws, 'handed in (bundle)'))) return 1;
      record = (await readAssessment(ws)).record!;
    }
    const { report, files } = await writeReportOf(ctx, ws, record);
    const out = resolve(flag(ctx, 'out') ?? bundlePath(files, report));
    const bytes = await writeBundle(report, files, out);
    printScore(ctx, report);
    ctx.out(`Bundle: ${out} (${Math.ceil(bytes / 1024)} KB). Send it to your reviewer; they run \`breakfix assess verify ${out}\`.`);
    return 0;
  },
};
