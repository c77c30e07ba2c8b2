import { resultLines } from '../../core/checker/report';
import { cliDriverArgv, startDriver, stopDriver } from '../../core/assessment/driverProcess';
import { requireRunning, submitAssessment } from '../../core/assessment/lifecycle';
import { readAssessment, runningFor, timeUp } from '../../core/assessment/record';
import { resolveWorkspace } from '../../core/workspace/paths';
import { countdownLine, flag, type AssessStep } from './step';

export const submitStep: AssessStep = {
  name: 'submit',
  usage: 'assess submit',
  summary: 'Run the full check on your files and record it as a submit (the incident pauses meanwhile)',
  async run(ctx) {
    const ws = resolveWorkspace(flag(ctx, 'workspace'));
    const r = await requireRunning(ws);
    const entry = await ctx.lab(r.lab);
    ctx.err('The incident pauses for the check (its faults are reverted; the check replays the lab\'s own).');
    await stopDriver(ws);
    let code = 1;
    try {
      const { submit, report, warnings } = await submitAssessment(entry, ws, { log: ctx.err, signal: ctx.signal });
      for (const w of warnings) ctx.err(`warning: ${w}`);
      for (const c of report.checks) for (const line of resultLines(c)) ctx.out(line);
      ctx.out(`Submit ${submit.n}: ${submit.verdict}${submit.failed.length ? `, failed ${submit.failed.join(', ')}` : ''}.${submit.verdict === 'pass' ? ` Write the postmortem (\`breakfix writeup ${r.lab}\`), then \`breakfix assess bundle\`.` : ''}`);
      code = submit.verdict === 'pass' ? 0 : 1;
    } finally {
      const now = runningFor((await readAssessment(ws)).record);
      if (now && !timeUp(now)) {
        await startDriver(ws, cliDriverArgv(process.argv[1], ws));
        ctx.err('The incident goes on.');
      }
      if (now) ctx.out(countdownLine(now));
    }
    return code;
  },
};
