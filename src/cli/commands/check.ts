import { CheckRunError, runCheck } from '../../core/checker';
import { checkLine, formatValue } from '../../core/checker/report';
import type { RunReport } from '../../core/checker/types';
import type { CliCommand } from '../command';
import { UsageError } from '../context';
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
    let report: RunReport;
    try {
      report = await runCheck(entry, {
        mode: ctx.flags.full ? 'full' : 'quick',
        workspaceDir: ctx.flags.workspace ? String(ctx.flags.workspace) : undefined,
        requests,
        rate,
        log: ctx.err,
        signal: ctx.signal,
      });
    } catch (err) {
      if (!(err instanceof CheckRunError)) throw err;
      if (ctx.flags.json) ctx.out(json(err.report));
      ctx.err(`breakfix check: ${err.message}`);
      if (err.report.files) ctx.err(`Report: ${err.report.files.md}`);
      return err.cancelled ? 130 : 1;
    }
    if (ctx.flags.json) ctx.out(json(report));
    else for (const c of report.checks) ctx.out(checkLine(c));
    const files = report.files ? `Report: ${report.files.md}` : '(the report could not be written)';
    if (report.verdict === 'pass') {
      (ctx.flags.json ? ctx.err : ctx.out)(`All ${report.checks.length} checks pass. ${files}`);
      return 0;
    }
    const failing = report.checks.filter((c) => !c.pass).map((c) => `${c.id} (measured ${formatValue(c.measured, c.unit)}, want ${c.op} ${formatValue(c.threshold, c.unit)})`);
    ctx.err(`${failing.length} of ${report.checks.length} checks fail: ${failing.join('; ')}. ${files}`);
    return 1;
  },
};

function positive(v: unknown, flag: string, integer: boolean): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) throw new UsageError(`${flag} must be a positive ${integer ? 'whole ' : ''}number, not "${v}"`);
  return n;
}
