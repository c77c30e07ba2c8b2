import { findLab } from '../../core/labs/catalogue';
import { verifyBundle, type BundleVerification } from '../../core/assessment/verify';
import type { CliContext } from '../context';
import { UsageError } from '../context';
import { json, table } from '../print';
import { flag, type AssessStep } from './step';

export const verifyStep: AssessStep = {
  name: 'verify',
  usage: 'assess verify <bundle.tgz> [--repeat N] [--json]',
  summary: "Reviewer: re-run the candidate's change against the lab and set its claims beside the measurement",
  async run(ctx) {
    const file = ctx.positionals[0];
    if (!file) throw new UsageError('missing <bundle.tgz>: the file the candidate sent');
    const repeatFlag = flag(ctx, 'repeat');
    const repeat = repeatFlag === undefined ? 1 : Number(repeatFlag);
    if (!Number.isInteger(repeat) || repeat < 1 || repeat > 50) throw new UsageError(`--repeat must be a whole number from 1 to 50, not "${repeatFlag}"`);
    const catalogue = await ctx.catalogue();
    const v = await verifyBundle(file, { repeat, log: ctx.err, signal: ctx.signal, findLab: (id) => findLab(catalogue, id) });
    if (ctx.flags.json) ctx.out(json(v));
    else scorecard(ctx, file, v);
    return v.disagreements.length ? 1 : 0;
  },
};

function scorecard(ctx: CliContext, file: string, v: BundleVerification): void {
  const color = process.stdout.isTTY && !process.env.NO_COLOR;
  const paint = (code: number, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const run = v.runs[0];
  ctx.out(`Bundle ${file}: lab ${v.lab}; claimed score ${v.claimed.score} / ${v.claimed.max}, recomputed from its JSON ${v.recomputedScore}.`);
  if (!v.labDigestMatches) ctx.out(paint(33, 'Note: the lab differs from the one the candidate had (another Break/Fix Labs version); measurements may differ.'));
  const rows = [['CHECK', 'CLAIMED', 'RE-MEASURED', '']];
  for (const m of run.checks) {
    const c = v.claimed.checks.find((x) => x.id === m.id);
    const same = !c || c.pass === m.pass;
    rows.push([m.id, c ? `${c.pass ? 'pass' : 'fail'} (${String(c.measured)})` : '–', `${m.pass ? 'pass' : 'fail'} (${String(m.measured)})`, same ? '' : paint(31, 'DISAGREES')]);
  }
  for (const line of table(rows)) ctx.out(line);
  ctx.out(`Verdict: claimed ${v.claimed.verdict}, re-measured ${run.verdict}.`);
  if (v.runs.length > 1) ctx.out(`Agreement: ${v.agreement.sameVerdict} of ${v.agreement.runs} re-runs gave ${run.verdict} (${v.runs.map((r) => r.verdict).join(', ')}).`);
  if (!v.disagreements.length) ctx.out(paint(32, 'CONFIRMED: the re-run agrees with every claim of the bundle.'));
  else {
    ctx.out(paint(31, `FLAGGED: ${v.disagreements.length} disagreement${v.disagreements.length === 1 ? '' : 's'} between the bundle and what was measured here:`));
    for (const d of v.disagreements) ctx.out(paint(31, `  - ${d}`));
  }
}
