import { beginAssessment, prepareAssessment } from '../../core/assessment/lifecycle';
import { cliDriverArgv, startDriver } from '../../core/assessment/driverProcess';
import { pickBySeed, newSeed } from '../../core/assessment/scenario';
import { hasAssessment, loadHandover, validMinutes } from '../../core/assessment/spec';
import type { AssessmentHandover } from '../../core/assessment/types';
import { stackUp } from '../../core/runtime';
import { freePlayDir, resolveWorkspace } from '../../core/workspace/paths';
import { UsageError } from '../context';
import { printTicket } from './status';
import { flag, type AssessStep } from './step';

export const startStep: AssessStep = {
  name: 'start',
  usage: 'assess start [<lab>|--random|--file F] [--minutes 45] [--seed S]',
  summary: 'Copy the lab, bring its stack up, start the timer and the hidden incident; print the ticket',
  async run(ctx) {
    const file = flag(ctx, 'file');
    const handover: AssessmentHandover | undefined = file ? loadHandover(file) : undefined;
    const minutesFlag = flag(ctx, 'minutes');
    const minutes = minutesFlag === undefined ? undefined : Number(minutesFlag);
    if (minutes !== undefined && !validMinutes(minutes)) throw new UsageError(`--minutes must be a whole number from 5 to 480, not "${minutesFlag}"`);
    let seed = flag(ctx, 'seed') ?? handover?.seed;
    const named = [ctx.positionals[0], handover?.lab, ctx.flags.random ? '--random' : undefined].filter(Boolean);
    if (named.length !== 1) throw new UsageError('name one lab: `assess start <lab>`, `--random`, or `--file <hand-over file>`');
    let id = ctx.positionals[0] ?? handover?.lab;
    if (ctx.flags.random) {
      seed ??= newSeed();
      const labs = (await ctx.catalogue()).labs.filter(hasAssessment);
      if (!labs.length) throw new UsageError('no lab has an assessment (labs/<id>/assessment.yaml)');
      id = pickBySeed(labs, seed).lab.id;
    }
    const entry = await ctx.lab(id);
    const ws = resolveWorkspace(flag(ctx, 'workspace'));
    const { spec, start } = await prepareAssessment(entry, ws);
    for (const w of start.warnings) ctx.err(`warning: ${w}`);
    ctx.err(`${start.created ? 'Copied' : 'Using'} ${entry.lab.id} in ${start.dir} (branch ${start.branch}). Bringing its stack up; the timer starts once it is healthy…`);
    await stackUp(entry, { dir: freePlayDir(entry, ws), log: ctx.err, signal: ctx.signal });
    const record = await beginAssessment(entry, ws, spec, { ...(minutes ? { minutes } : {}), ...(seed ? { seed } : {}), ...(handover ? { handover } : {}) });
    const pid = await startDriver(ws, cliDriverArgv(process.argv[1], ws));
    ctx.err(`The incident is running (driver pid ${pid}, log .breakfix/assessment/incident.log).`);
    printTicket(ctx, record, spec.rootCauses);
    ctx.out('');
    ctx.out('Next: watch the dashboard (`breakfix status`, the extension) and record what you find:');
    ctx.out(`  breakfix assess diagnose --symptom "…" --root-cause <id> --evidence "which panels, which numbers"`);
    ctx.out(`Then fix labs/${entry.lab.id}/ and \`breakfix assess submit\` (as often as you like). \`breakfix assess status --watch\` shows the countdown.`);
    return 0;
  },
};
