import { readAssessment, runningFor, secondsLeft } from '../../core/assessment/record';
import { driverRunning } from '../../core/assessment/driverProcess';
import { autoSubmitDue, requireRunning } from '../../core/assessment/lifecycle';
import { offeredOrder } from '../../core/assessment/scenario';
import { loadAssessmentSpec } from '../../core/assessment/spec';
import type { AssessmentRecord, RootCause } from '../../core/assessment/types';
import { sleep } from '../../core/runtime/timeout';
import { resolveWorkspace } from '../../core/workspace/paths';
import type { CliContext } from '../context';
import { json } from '../print';
import { recordOrSay } from './report';
import { countdownLine, flag, type AssessStep } from './step';

export function printTicket(ctx: CliContext, r: AssessmentRecord, rootCauses?: RootCause[]): void {
  ctx.out(`INCIDENT: ${r.ticket.title}`);
  ctx.out(`Began: ${r.incidentBeganAt.replace('T', ' ').slice(0, 16)} UTC · you have ${r.minutes} minutes (until ${r.deadline.slice(11, 16)} UTC)`);
  ctx.out('Symptoms:');
  for (const s of r.ticket.symptoms) ctx.out(`  - ${s}`);
  ctx.out(`Impact: ${r.ticket.impact}`);
  if (rootCauses) {
    ctx.out('Root causes to choose from in your diagnosis (--root-cause):');
    const width = Math.max(...rootCauses.map((c) => c.id.length));
    for (const c of offeredOrder(rootCauses, r.seed)) ctx.out(`  ${c.id.padEnd(width)}  ${c.text}`);
  }
}

export const ticketStep: AssessStep = {
  name: 'ticket',
  usage: 'assess ticket',
  summary: "The incident ticket and the root causes a diagnosis chooses from",
  async run(ctx) {
    const ws = resolveWorkspace(flag(ctx, 'workspace'));
    const r = await requireRunning(ws);
    printTicket(ctx, r, loadAssessmentSpec(await ctx.lab(r.lab)).rootCauses);
    ctx.out(countdownLine(r));
    return 0;
  },
};

export const statusStep: AssessStep = {
  name: 'status',
  usage: 'assess status [--watch] [--json]',
  summary: 'The countdown, the phase and the submits (--watch: until the time is up)',
  async run(ctx) {
    const ws = resolveWorkspace(flag(ctx, 'workspace'));
    const r = await recordOrSay(ctx, ws);
    if (!r) return 1;
    if (ctx.flags.json) {
      ctx.out(json({ ...r, secondsLeft: secondsLeft(r), driverRunning: driverRunning(r) }));
      return 0;
    }
    if (!runningFor(r)) {
      ctx.out(`The assessment of ${r.lab} ended ${r.endedAt}. \`breakfix assess report\` writes its report.`);
      return 0;
    }
    ctx.out(countdownLine(r));
    if (!driverRunning(r) && secondsLeft(r) > 0) ctx.err('warning: the incident driver is not running: `breakfix assess submit` starts it again.');
    if (autoSubmitDue(r)) ctx.err('warning: the time ran out while the incident driver was not running, so nothing was submitted yet: `breakfix assess bundle` submits your files first.');
    if (!ctx.flags.watch) return 0;
    const tty = process.stdout.isTTY;
    for (let last = ''; ; ) {
      await sleep(1000, ctx.signal).catch(() => undefined);
      if (ctx.signal.aborted) break;
      const now = (await readAssessment(ws)).record;
      if (!now || !runningFor(now)) break;
      const line = countdownLine(now);
      if (tty) process.stdout.write(`\r${line}\x1b[K`);
      else if (line.split(' ')[0] !== last.split(' ')[0] && secondsLeft(now) % 60 === 0) ctx.out(line);
      last = line;
      if (!secondsLeft(now) && now.submits.some((s) => s.auto)) break;
    }
    if (tty) process.stdout.write('\n');
    return 0;
  },
};
