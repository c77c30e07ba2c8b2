import { stopDriver } from '../../core/assessment/driverProcess';
import { autoSubmitDue, endAssessment, requireRunning, submitAssessment } from '../../core/assessment/lifecycle';
import { secondsLeft } from '../../core/assessment/record';
import { resolveWorkspace } from '../../core/workspace/paths';
import { confirm } from '../confirm';
import type { CliContext } from '../context';
import { flag, type AssessStep } from './step';

/** Stops the incident and ends the assessment, asking first while time is left. False: not confirmed. */
export async function endRunning(ctx: CliContext, ws: string, why: string): Promise<boolean> {
  const r = await requireRunning(ws);
  if (autoSubmitDue(r)) {
    ctx.err('The time ran out while the incident driver was not running: your files are submitted now, as the timer would have.');
    const { submit } = await submitAssessment(await ctx.lab(r.lab), ws, { auto: true, log: ctx.err, signal: ctx.signal });
    ctx.err(`Submit ${submit.n} (time was up): ${submit.verdict}.`);
  }
  const left = secondsLeft(r);
  if (left > 0 && !(await confirm(ctx, `End the assessment of ${r.lab} with ${Math.ceil(left / 60)} minutes left? No more submits after this.`, 'pass --yes to end it.'))) return false;
  await stopDriver(ws);
  await endAssessment(ws, why);
  return true;
}

export const endStep: AssessStep = {
  name: 'end',
  usage: 'assess end [--yes]',
  summary: 'End the assessment: the incident stops and the locks lift',
  async run(ctx) {
    const ws = resolveWorkspace(flag(ctx, 'workspace'));
    if (!(await endRunning(ctx, ws, 'ended by the candidate'))) return 1;
    ctx.out('The assessment has ended. `breakfix assess bundle` writes what you hand in.');
    return 0;
  },
};
