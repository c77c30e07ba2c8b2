import { CheckRunError } from '../../core/checker';
import { checkAndRecord, type RecordedCheck } from '../../core/workspace/checkAttempt';
import { formatValue, resultLines } from '../../core/checker/report';
import type { RunReport } from '../../core/checker/types';
import { money } from '../../core/cost/model';
import { resolveWorkspace } from '../../core/workspace/paths';
import { checkIsSubmitMessage } from '../../core/assessment/locks';
import { readAssessment } from '../../core/assessment/record';
import type { CliCommand } from '../command';
import { UsageError, type CliContext } from '../context';
import { json } from '../print';

export const check: CliCommand = {
  name: 'check',
  usage: 'check <lab> [--quick|--full] [--json] [--workspace DIR] [--requests N] [--rate R]',
  summary: 'Replay load and faults against your fix and evaluate every check (exit 0 only if all pass)',
  options: {
    quick: { type: 'boolean' },
    full: { type: 'boolean' },
    json: { type: 'boolean' },
    workspace: { type: 'string' },
    requests: { type: 'string' },
    rate: { type: 'string' },
  },
  async run(ctx) {
    const entry = await ctx.lab(ctx.positionals[0]);
    if (ctx.flags.quick && ctx.flags.full) throw new UsageError('pass --quick or --full, not both');
    const requests = positive(ctx.flags.requests, '--requests', true);
    const rate = positive(ctx.flags.rate, '--rate', false);
    const workspaceDir = resolveWorkspace(ctx.flags.workspace ? String(ctx.flags.workspace) : undefined);
    const assessed = checkIsSubmitMessage((await readAssessment(workspaceDir)).record, entry.lab.id);
    if (assessed) {
      ctx.err(assessed);
      return 1;
    }
    let run: RecordedCheck;
    try {
      run = await checkAndRecord(entry, {
        mode: ctx.flags.full ? 'full' : 'quick',
        workspaceDir,
        requests,
        rate,
        log: ctx.err,
        signal: ctx.signal,
      });
    } catch (err) {
      // Only a cancelled run is thrown as a CheckRunError: it is not recorded.
      if (!(err instanceof CheckRunError)) throw err;
      printStopped(ctx, err);
      return 130;
    }
    const { report, error } = run;
    if (error) {
      printStopped(ctx, error);
      printRecorded(ctx, run);
      return 1;
    }
    return printCheck(ctx, run);
  },
};

/** A completed run: how it was recorded, each check, the cost, what was not run, and the verdict line. The exit code. */
export function printCheck(ctx: Pick<CliContext, 'out' | 'err' | 'flags'>, run: RecordedCheck): number {
  const { report } = run;
  printRecorded(ctx, run);
  if (ctx.flags.json) ctx.out(json(report));
  else {
    for (const c of report.checks) for (const line of resultLines(c)) ctx.out(line);
    if (report.cost) ctx.out(`Cost: ${money(report.cost.perThousand, report.cost.currency)} per 1,000 ${report.cost.events.title} at the lab's prices (priced line by line in the report)`);
    printNotRun(ctx, report);
  }
  const files = report.files ? `Report: ${report.files.md}` : '(the report could not be written)';
  if (report.verdict === 'pass') {
    (ctx.flags.json ? ctx.err : ctx.out)(`All ${report.checks.length} checks pass. ${files}`);
    return 0;
  }
  const failing = report.checks.filter((c) => !c.pass).map((c) => `${c.id} (measured ${formatValue(c.measured, c.unit)}, want ${c.op} ${formatValue(c.threshold, c.unit)})`);
  ctx.err(`${failing.length} of ${report.checks.length} checks fail: ${failing.join('; ')}. ${files}`);
  return 1;
}

/** A run that could not complete: its partial report (--json), why, and where the report is. */
function printStopped(ctx: CliContext, err: CheckRunError): void {
  if (ctx.flags.json) ctx.out(json(err.report));
  ctx.err(`breakfix check: ${err.message}`);
  if (err.report.files) ctx.err(`Report: ${err.report.files.md}`);
}

/** How the run was recorded as the lab's next attempt in .breakfix/progress.json (a store problem is a warning, never the verdict). */
function printRecorded(ctx: Pick<CliContext, 'err'>, { attempt, warnings }: RecordedCheck): void {
  for (const w of warnings) ctx.err(`warning: ${w}`);
  if (attempt === null) ctx.err('Not recorded as an attempt: the check stopped before it started the stack, so your code never ran.');
  else if (attempt) ctx.err(`Attempt ${attempt.n} recorded (${attempt.verdict}) in .breakfix/progress.json.`);
}

/** Changes in the learner's copy that the check did not run, each with what happened to it. */
function printNotRun(ctx: Pick<CliContext, 'out'>, report: RunReport): void {
  const items = report.ignoredChanges ?? [];
  if (!items.length) return;
  ctx.out('');
  ctx.out(`Not run in this check (a check runs the lab's own stack with only your files to edit, learnerFiles, from your copy):`);
  for (const c of items) ctx.out(`  ${c.file} ${c.detail}`);
}

function positive(v: unknown, flag: string, integer: boolean): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) throw new UsageError(`${flag} must be a positive ${integer ? 'whole ' : ''}number, not "${v}"`);
  return n;
}
