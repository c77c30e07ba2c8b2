import { dirname } from 'node:path';
import { connectEngine } from '../../core/runtime';
import { ledgerOf, lintRules, overBudget, planProofs, proofInputs, proofRunNumber, proveLab, readLedger, writeLedger, ROTATION } from '../../core/proof';
import type { LabPlan, ProofOutcome, ProofPlan } from '../../core/proof';
import type { LabEntry } from '../../core/labs/types';
import type { CliCommand } from '../command';
import { labsDir, UsageError, type CliContext } from '../context';
import { problemLines, table } from '../print';

export const lint: CliCommand = {
  name: 'lint',
  usage: 'lint [--prove] [--plan] [--all] [<lab>…] [--requests N] [--rate R]',
  summary:
    'Validate every bundled lab (schema, references, files); --prove also runs baseline/solution/mutants on Docker ' +
    '(the cases the planner picks from the proof ledgers; --all or named labs: every case); --plan prints that plan',
  options: { prove: { type: 'boolean' }, plan: { type: 'boolean' }, all: { type: 'boolean' }, requests: { type: 'string' }, rate: { type: 'string' } },
  async run(ctx) {
    // Flags first: a bad value is an error with or without --prove.
    const requests = num(ctx.flags.requests, '--requests');
    const rate = num(ctx.flags.rate, '--rate');
    if (ctx.flags.all && !ctx.flags.prove && !ctx.flags.plan) throw new UsageError('--all goes with --prove or --plan');
    const cat = await ctx.catalogue();
    const only = ctx.positionals;
    const labs = only.length ? await Promise.all(only.map((id) => ctx.lab(id))) : cat.labs;
    const problems = [...(only.length ? [] : cat.problems), ...labs.flatMap(lintRules)];
    for (const line of problemLines(problems)) ctx.err(line);
    const valid = labs.filter((l) => !problems.some((p) => p.labDir === l.dir));
    ctx.out(`${valid.length} labs valid, ${problems.length} problems.`);
    const staticCode = problems.length ? 1 : 0;
    const provable = valid.filter((e) => e.lab.proof);
    for (const e of valid.filter((x) => !x.lab.proof)) ctx.err(`${e.lab.id}: no proof section in lab.yaml, nothing to prove.`);

    // --plan (with or without --prove): what a proof would run, and nothing else.
    if (ctx.flags.plan) {
      printPlan(ctx.out, plan(provable, only.length > 0 || Boolean(ctx.flags.all)));
      return staticCode;
    }
    if (!ctx.flags.prove) return staticCode;

    const everything = only.length > 0 || Boolean(ctx.flags.all);
    const proofPlan = plan(provable, everything);
    printPlan(ctx.err, proofPlan);
    const over = everything ? undefined : overBudget(proofPlan, process.env);
    if (over) {
      ctx.err(`lint --prove: ${over}`);
      return 1;
    }
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
    for (const entry of provable) {
      const p = proofPlan.labs.find((x) => x.lab === entry.lab.id)!;
      if (!p.cases.length) continue;
      const labOutcomes = await proveLab(entry, {
        log: ctx.err,
        signal: ctx.signal,
        requests,
        rate,
        cases: p.cases,
        onOutcome: (o) => {
          ctx.err(`[proof] ${o.lab} ${o.case}: ${o.met ? 'as expected' : `NOT as expected: ${o.detail}`} (${o.seconds} s${o.phases ? `: ${o.phases}` : ''})`);
          for (const line of o.checks) ctx.err(`[proof]   ${line}`);
        },
      });
      outcomes.push(...labOutcomes);
      await recordLedger(ctx, entry, p, labOutcomes, requests !== undefined || rate !== undefined);
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

/** The planner's choice, or every case of every lab (named labs, --all). */
function plan(labs: LabEntry[], everything: boolean): ProofPlan {
  const root = dirname(labsDir());
  const input = labs.map((entry) => ({ entry, inputs: proofInputs(entry, root), ledger: readLedger(entry) }));
  return planProofs(input, everything ? 0 : proofRunNumber(process.env, root), { everything });
}

function printPlan(print: (line: string) => void, p: ProofPlan): void {
  print(`[proof] plan for run ${p.run} (rotation slot ${p.slot} of ${ROTATION}), about ${Math.ceil(p.estimateSeconds / 60)} min:`);
  for (const l of p.labs) print(`[proof]   ${l.lab}: ${describeCases(l)}, ${Math.round(l.estimateSeconds)} s: ${l.reasons.join('; ')}`);
  for (const l of p.labs.filter((x) => x.stale)) {
    print(`[proof] labs/${l.lab}/proof.json is stale (${l.stale}): refresh it with \`npm run prove:labs -- ${l.lab}\` and commit it.`);
  }
}

function describeCases(l: LabPlan): string {
  if (!l.cases.length) return 'nothing';
  return l.full ? `every case (${l.cases.length})` : l.cases.join(', ');
}

/** After a full proof at the lab's own scenario, its ledger; a partial proof or a changed load leaves it as it is. */
async function recordLedger(ctx: CliContext, entry: LabEntry, p: LabPlan, outcomes: ProofOutcome[], loadChanged: boolean): Promise<void> {
  if (!p.full || outcomes.length !== p.cases.length || loadChanged) return;
  const file = await writeLedger(entry, ledgerOf(entry, proofInputs(entry, dirname(labsDir())), outcomes));
  ctx.err(`[proof] ${entry.lab.id}: ledger written to ${file}`);
}

function num(v: unknown, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} must be a positive number, not "${v}"`);
  return n;
}
