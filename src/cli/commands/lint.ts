import { connectEngine } from '../../core/runtime';
import { lintRules, proveLab } from '../../core/proof';
import type { ProofOutcome } from '../../core/proof';
import type { CliCommand } from '../command';
import { UsageError } from '../context';
import { problemLines, table } from '../print';

export const lint: CliCommand = {
  name: 'lint',
  usage: 'lint [--prove] [<lab>…] [--requests N] [--rate R]',
  summary: 'Validate every bundled lab (schema, references, files); --prove also runs baseline/solution/mutants on Docker',
  options: { prove: { type: 'boolean' }, requests: { type: 'string' }, rate: { type: 'string' } },
  async run(ctx) {
    // Flags first: a bad value is an error with or without --prove.
    const requests = num(ctx.flags.requests, '--requests');
    const rate = num(ctx.flags.rate, '--rate');
    const cat = await ctx.catalogue();
    const only = ctx.positionals;
    const labs = only.length ? await Promise.all(only.map((id) => ctx.lab(id))) : cat.labs;
    const problems = [...(only.length ? [] : cat.problems), ...labs.flatMap(lintRules)];
    for (const line of problemLines(problems)) ctx.err(line);
    const valid = labs.filter((l) => !problems.some((p) => p.labDir === l.dir));
    ctx.out(`${valid.length} labs valid, ${problems.length} problems.`);
    const staticCode = problems.length ? 1 : 0;
    if (!ctx.flags.prove) return staticCode;

    try {
      await connectEngine({ signal: ctx.signal });
    } catch (err) {
      const reason = (err as Error).message;
      if (process.env.CI === 'true') {
        ctx.err(`lint --prove: CI=true and ${reason}. The proof cannot be skipped in CI.`);
        return 1;
      }
      ctx.err(`lint --prove: skipping the proof: ${reason}`);
      return staticCode;
    }
    const outcomes: ProofOutcome[] = [];
    for (const entry of valid) {
      if (!entry.lab.proof) {
        ctx.err(`${entry.lab.id}: no proof section in lab.yaml, nothing to prove.`);
        continue;
      }
      outcomes.push(
        ...(await proveLab(entry, {
          log: ctx.err,
          signal: ctx.signal,
          requests,
          rate,
          onOutcome: (o) => {
            ctx.err(`[proof] ${o.lab} ${o.case}: ${o.met ? 'as expected' : `NOT as expected: ${o.detail}`} (${o.seconds} s${o.phases ? `: ${o.phases}` : ''})`);
            for (const line of o.checks) ctx.err(`[proof]   ${line}`);
          },
        })),
      );
    }
    if (outcomes.length) {
      ctx.out('');
      for (const line of table([
        ['LAB', 'CASE', 'EXPECTED', 'FAILED CHECKS', 'RESULT', 'TIME'],
        ...outcomes.map((o) => [o.lab, o.case, o.expectation, o.failed.join(', ') || '-', o.met ? 'ok' : 'UNMET', `${o.seconds}s`]),
      ]))
        ctx.out(line);
      for (const o of outcomes.filter((x) => !x.met)) ctx.err(`${o.lab} ${o.case}: ${o.detail}${o.report ? ` (report: ${o.report})` : ''}`);
    }
    const unmet = outcomes.filter((o) => !o.met).length;
    ctx.out(`proof: ${outcomes.length - unmet} of ${outcomes.length} expectations met.`);
    return unmet || staticCode ? 1 : 0;
  },
};

function num(v: unknown, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} must be a positive number, not "${v}"`);
  return n;
}
