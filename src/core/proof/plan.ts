// The proof planner: which cases of which labs a CI run proves, from the ledgers and the tree.
//
//   a lab's own files changed (or no trustworthy ledger)  -> every case of that lab
//   the kit or the checker code changed                    -> baseline and solution of every lab; its
//                                                             mutants only in its rotation slot
//   a ledger that records an unmet case                    -> every case (the last proof failed)
//   always                                                 -> the labs in this run's rotation slot, fully
//
// Rotation: the labs, in id order, are dealt into ROTATION slots; run n proves slot n mod ROTATION fully,
// so every lab is fully re-proven at least once in every ROTATION consecutive runs.
import { spawnSync } from 'node:child_process';
import type { LabEntry } from '../labs/types';
import type { LedgerRead, ProofInputs } from './ledger';
import { proofCases } from './prove';

export const ROTATION = 4;
/** The most minutes of proof a planned run may take; BREAKFIX_PROOF_BUDGET_MINUTES sets another. */
export const PROOF_BUDGET_MINUTES = 40;
export const PROOF_BUDGET_ENV = 'BREAKFIX_PROOF_BUDGET_MINUTES';
/** A case's time when no ledger has measured it yet: about a quick check with its build. */
export const UNMEASURED_CASE_SECONDS = 90;

export interface LabPlan {
  lab: string;
  /** Case names to prove, in proof order; empty: nothing to prove this run. */
  cases: string[];
  /** Every case of the lab: the proof may write its ledger. */
  full: boolean;
  /** Why these cases, in words. */
  reasons: string[];
  /** Set when the committed ledger does not describe the tree: what is wrong with it. */
  stale?: string;
  estimateSeconds: number;
}

export interface ProofPlan {
  run: number;
  slot: number;
  labs: LabPlan[];
  estimateSeconds: number;
}

export interface PlanInput {
  entry: LabEntry;
  /** The hashes of the tree now. */
  inputs: ProofInputs;
  ledger: LedgerRead;
}

/**
 * The lab's own files changed since its ledger, or it has no trustworthy ledger: its every case is proven,
 * and the e2e walk takes it. (A kit or checker change alone is not this.)
 */
export function labChanged(ledger: LedgerRead, inputs: ProofInputs): boolean {
  return !ledger.ok || ledger.ledger.inputs.lab !== inputs.lab;
}

/** The lab's rotation slot: its position among the labs in id order, modulo ROTATION. */
export function rotationSlot(ids: string[], id: string): number {
  return [...ids].sort().indexOf(id) % ROTATION;
}

/** `everything`: every case of every lab (named labs, `--all`); the ledgers still say which are stale. */
export function planProofs(labs: PlanInput[], run: number, opts: { everything?: boolean } = {}): ProofPlan {
  const slot = ((run % ROTATION) + ROTATION) % ROTATION;
  const ids = labs.map((l) => l.entry.lab.id);
  const plans = labs.map(({ entry, inputs, ledger }): LabPlan => {
    const id = entry.lab.id;
    const all = proofCases(entry).map((c) => c.name);
    const core = all.filter((n) => n === 'baseline' || n === 'solution');
    const inRotation = rotationSlot(ids, id) === slot;
    const reasons: string[] = [];
    let cases: string[] = [];
    let stale: string | undefined;

    if (!ledger.ok) {
      stale = ledger.problem;
      reasons.push(ledger.problem);
      cases = all;
    } else {
      const l = ledger.ledger;
      const changed = (['lab', 'kit', 'checker'] as const).filter((k) => l.inputs[k] !== inputs[k]);
      if (changed.length) stale = `proven before ${changed.map((k) => (k === 'lab' ? "the lab's files" : `the ${k} code`)).join(' and ')} changed`;
      const unmet = l.cases.filter((c) => !c.met).map((c) => c.case);
      const unrecorded = all.filter((n) => !l.cases.some((c) => c.case === n));
      const ownChange = labChanged(ledger, inputs);
      if (ownChange) reasons.push("the lab's files changed");
      if (unmet.length) reasons.push(`its last proof failed (${unmet.join(', ')})`);
      if (unrecorded.length && !ownChange) reasons.push(`the ledger lacks ${unrecorded.join(', ')}`);
      if (reasons.length) cases = all;
      else if (changed.length) {
        reasons.push(`the ${changed.join(' and ')} code changed: baseline and solution${inRotation ? ', and the mutants (rotation)' : ''}`);
        cases = inRotation ? all : core;
      }
    }
    if (opts.everything) {
      reasons.splice(0, reasons.length, 'asked for every case');
      cases = all;
    }
    if (!cases.length && inRotation) {
      reasons.push(`rotation: slot ${slot} of ${ROTATION}`);
      cases = all;
    }
    if (!cases.length) reasons.push('proven, and nothing it depends on changed');
    return { lab: id, cases, full: cases.length === all.length, reasons, stale, estimateSeconds: estimate(ledger, cases) };
  });
  return { run, slot, labs: plans, estimateSeconds: plans.reduce((s, p) => s + p.estimateSeconds, 0) };
}

/** Seconds the cases took in the ledger's proof, or UNMEASURED_CASE_SECONDS each. */
function estimate(ledger: LedgerRead, cases: string[]): number {
  const seconds = new Map(ledger.ok ? ledger.ledger.cases.map((c) => [c.case, c.seconds]) : []);
  return cases.reduce((s, c) => s + (seconds.get(c) ?? UNMEASURED_CASE_SECONDS), 0);
}

/**
 * This CI run's number, for the rotation: BREAKFIX_PROOF_RUN, else the CI system's run number
 * (GITHUB_RUN_NUMBER), else the number of commits on HEAD in `sourceRoot` (each landing adds at least one).
 */
export function proofRunNumber(env: NodeJS.ProcessEnv, sourceRoot: string): number {
  for (const name of ['BREAKFIX_PROOF_RUN', 'GITHUB_RUN_NUMBER']) {
    const v = env[name];
    if (v === undefined || v === '') continue;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number (the CI run's number), not "${v}"`);
    return n;
  }
  const r = spawnSync('git', ['rev-list', '--count', 'HEAD'], { cwd: sourceRoot, encoding: 'utf8', timeout: 10_000 });
  const n = Number(r.stdout?.trim());
  if (r.status !== 0 || !Number.isInteger(n)) throw new Error(`cannot number this proof run: set BREAKFIX_PROOF_RUN (git rev-list --count HEAD in ${sourceRoot} failed: ${(r.stderr || r.error?.message || '').trim()})`);
  return n;
}

/**
 * A planned run must fit CI's time: when its estimate passes the budget (stale ledgers of many labs, after a
 * change to them landed without their proofs), the run fails at once, naming the command that proves them
 * where they changed, instead of running past CI's limit. Undefined: within the budget.
 */
export function overBudget(plan: ProofPlan, env: NodeJS.ProcessEnv): string | undefined {
  const raw = env[PROOF_BUDGET_ENV];
  const budget = raw === undefined || raw === '' ? PROOF_BUDGET_MINUTES : Number(raw);
  if (!Number.isFinite(budget) || budget <= 0) throw new Error(`${PROOF_BUDGET_ENV} must be a number of minutes above 0, not "${raw}"`);
  const minutes = Math.ceil(plan.estimateSeconds / 60);
  if (minutes <= budget) return undefined;
  const stale = plan.labs.filter((l) => l.stale).map((l) => l.lab);
  if (!stale.length) return `the proof plan needs about ${minutes} min with every ledger fresh, over the budget of ${budget} min (${PROOF_BUDGET_ENV}): raise the budget, or make the labs' quick checks shorter.`;
  return (
    `the proof plan needs about ${minutes} min, over the budget of ${budget} min (${PROOF_BUDGET_ENV}): ` +
    `${stale.length === 1 ? '1 lab has a stale ledger' : `${stale.length} labs have stale ledgers`} (${stale.join(', ')}). Prove ${stale.length === 1 ? 'it where it' : 'them where they'} changed, ` +
    `\`npm run prove:labs -- ${stale.join(' ')}\`, and commit their ledgers; CI then proves what the ledgers cannot vouch for.`
  );
}
