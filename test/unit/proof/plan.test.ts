// The proof planner on real files: temp copies of a bundled lab under six ids, a temp copy of the checker's
// source and the kit, real hashes and sealed ledgers. Edits are real edits of those copies; only the proofs' outcomes
// are made up (a Docker proof per test would take minutes and prove nothing about the planner).
import { strict as assert } from 'node:assert';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { loadCatalogue } from '../../../src/core/labs/catalogue';
import type { LabEntry } from '../../../src/core/labs/types';
import { CHECKER_SOURCES, KIT_SOURCES, ledgerOf, ledgerPath, proofInputs, readLedger, writeLedger } from '../../../src/core/proof/ledger';
import { overBudget, planProofs, proofRunNumber, ROTATION, type ProofPlan } from '../../../src/core/proof/plan';
import { proofCases, type ProofOutcome } from '../../../src/core/proof/prove';

const repo = resolve(__dirname, '../../..');
const IDS = ['lab-a', 'lab-b', 'lab-c', 'lab-d', 'lab-e', 'lab-f'];

function outcomesFor(entry: LabEntry, met = true): ProofOutcome[] {
  return proofCases(entry).map((c) => ({
    lab: entry.lab.id, case: c.name, expectation: 'x', met, failed: c.mustFail, detail: '', checks: [], measured: { 'p95-enqueue': 0.01 }, seconds: c.name === 'baseline' ? 40 : 30, phases: '',
  }));
}

describe('proof planner: what a CI run proves', () => {
  let root: string;
  let labsDir: string;
  let sourceRoot: string;
  let entries: LabEntry[];

  const planNow = async (run: number, opts = {}): Promise<ProofPlan> => {
    entries = (await loadCatalogue(labsDir)).labs;
    return planProofs(entries.map((entry) => ({ entry, inputs: proofInputs(entry, sourceRoot), ledger: readLedger(entry) })), run, opts);
  };
  const byLab = (p: ProofPlan) => Object.fromEntries(p.labs.map((l) => [l.lab, l]));
  /** Every lab proven (sealed ledgers with the current hashes): the state after a full proof run. */
  const proveAll = async () => {
    entries = (await loadCatalogue(labsDir)).labs;
    for (const e of entries) await writeLedger(e, ledgerOf(e, proofInputs(e, sourceRoot), outcomesFor(e)));
  };
  /** A run number whose slot does not hold `id`, so the rotation cannot hide what a rule selects. */
  const runWithout = (id: string) => (IDS.indexOf(id) + 1) % ROTATION;

  beforeEach(async () => {
    root = mkdtempSync(join(tmpdir(), 'breakfix-plan-'));
    labsDir = join(root, 'labs');
    for (const id of IDS) {
      const dir = join(labsDir, id);
      cpSync(join(repo, 'labs', 'notification-retry-storm'), dir, { recursive: true, filter: (s) => !s.endsWith('proof.json') });
      writeFileSync(join(dir, 'lab.yaml'), readFileSync(join(dir, 'lab.yaml'), 'utf8').replace(/^id: .*$/m, `id: ${id}`));
    }
    cpSync(join(repo, 'labs', 'lab.schema.json'), join(labsDir, 'lab.schema.json'));
    sourceRoot = join(root, 'source');
    for (const p of [...CHECKER_SOURCES, ...KIT_SOURCES]) {
      mkdirSync(dirname(join(sourceRoot, p)), { recursive: true });
      cpSync(join(repo, p), join(sourceRoot, p), { recursive: true });
    }
    await proveAll();
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('the digests cover the files: a kit or checker digest of nothing would hide every change', () => {
    const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    const inputs = proofInputs(entries[0], sourceRoot);
    assert.notEqual(inputs.checker, EMPTY);
    assert.notEqual(inputs.kit, EMPTY);
  });

  it('a ledger keeps each case\'s cost per 1,000 events when the run priced it, and leaves it out when not', async () => {
    const [e] = entries;
    const outcomes = outcomesFor(e).map((o, i) => (i === 0 ? { ...o, costPerThousand: 3.11 } : o));
    await writeLedger(e, ledgerOf(e, proofInputs(e, sourceRoot), outcomes));
    const read = readLedger(e);
    assert.ok(read.ok, JSON.stringify(read));
    assert.equal(read.ledger.cases[0].costPerThousand, 3.11);
    assert.ok(!('costPerThousand' in read.ledger.cases[1]));
  });

  it('with nothing changed, only the rotation slot is proven, fully', async () => {
    const p = byLab(await planNow(1));
    assert.deepEqual(IDS.filter((id) => p[id].cases.length), ['lab-b', 'lab-f']);
    assert.equal(p['lab-b'].full, true);
    assert.match(p['lab-b'].reasons.join(), /rotation: slot 1 of 4/);
    assert.match(p['lab-a'].reasons.join(), /proven, and nothing it depends on changed/);
    assert.equal(p['lab-a'].stale, undefined);
  });

  it('a lab edit selects every case of that lab, and says its ledger is stale', async () => {
    appendFileSync(join(labsDir, 'lab-c', 'services', 'worker', 'src', 'retry.js'), '\n// an edit\n');
    const p = byLab(await planNow(1)); // slot 1: lab-b and lab-f
    const c = p['lab-c'];
    assert.equal(c.full, true);
    assert.deepEqual(c.cases, proofCases(entries.find((e) => e.lab.id === 'lab-c')!).map((x) => x.name));
    assert.match(c.reasons.join(), /the lab's files changed/);
    assert.match(c.stale!, /proven before the lab's files changed/);
    assert.equal(p['lab-a'].cases.length + p['lab-d'].cases.length, 0, 'unchanged labs outside the slot are not proven');
  });

  it('an edit of a mutant or the solution is a lab edit too', async () => {
    appendFileSync(join(labsDir, 'lab-d', 'mutants', 'no-breaker.patch'), '\n');
    assert.equal(byLab(await planNow(runWithout('lab-d')))['lab-d'].full, true);
  });

  it("an edit of a lab's prose or dashboard (nothing a proof reads) proves nothing and leaves its ledger fresh", async () => {
    for (const f of ['README.md', 'writeup.md', 'solution/README.md']) appendFileSync(join(labsDir, 'lab-d', f), '\nedit\n');
    mkdirSync(join(labsDir, 'lab-d', 'grafana', 'dashboards'), { recursive: true });
    writeFileSync(join(labsDir, 'lab-d', 'grafana', 'dashboards', 'x.json'), '{}');
    const d = byLab(await planNow(runWithout('lab-d')))['lab-d'];
    assert.deepEqual(d.cases, []);
    assert.equal(d.stale, undefined);
    appendFileSync(join(labsDir, 'lab-d', 'lab.yaml'), '\n# an edit\n');
    assert.equal(byLab(await planNow(runWithout('lab-d')))['lab-d'].full, true, 'lab.yaml is read by the proof');
  });

  it('a checker edit selects the baseline and solution cases of every lab, and the mutants of the rotation slot', async () => {
    appendFileSync(join(sourceRoot, 'src/core/checker/evaluate.ts'), '\n// an edit\n');
    const plan = await planNow(2);
    for (const l of plan.labs) {
      const slot = IDS.indexOf(l.lab) % ROTATION === 2;
      if (slot) assert.equal(l.full, true, l.lab);
      else assert.deepEqual(l.cases, ['baseline', 'solution'], l.lab);
      assert.match(l.reasons.join(), /the checker code changed/);
      assert.match(l.stale!, /proven before the checker code changed/);
    }
    // The estimate comes from the ledgers' measured times: 40 s baseline + 30 s solution, 30 s a mutant.
    const mutants = proofCases(entries[0]).length - 2;
    const inSlot = IDS.filter((_, i) => i % ROTATION === 2).length;
    assert.equal(plan.estimateSeconds, 6 * 70 + inSlot * mutants * 30);
  });

  it('a kit edit is like a checker edit: baseline and solution of every lab', async () => {
    appendFileSync(join(sourceRoot, 'labs/_kit/lib/http.js'), '\n// an edit\n');
    const plan = await planNow(1);
    for (const l of plan.labs) {
      if (IDS.indexOf(l.lab) % ROTATION !== 1) assert.deepEqual(l.cases, ['baseline', 'solution'], l.lab);
      assert.match(l.stale!, /proven before the kit code changed/);
    }
  });

  it('the rotation proves every lab fully within 4 consecutive runs, from any run number', async () => {
    for (const start of [0, 1, 2, 3, 17, 108]) {
      const covered = new Set<string>();
      for (let run = start; run < start + ROTATION; run++) for (const l of (await planNow(run)).labs) if (l.full) covered.add(l.lab);
      assert.deepEqual([...covered].sort(), IDS, `runs ${start}..${start + ROTATION - 1}`);
    }
  });

  it('a tampered ledger is detected: its lab is proven fully and the ledger reported', async () => {
    const entry = entries.find((e) => e.lab.id === 'lab-e')!;
    const file = ledgerPath(entry);
    const ledger = JSON.parse(readFileSync(file, 'utf8'));
    ledger.cases[0].met = !ledger.cases[0].met; // flip a verdict by hand
    writeFileSync(file, JSON.stringify(ledger, null, 2));
    const read = readLedger(entry);
    assert.equal(read.ok, false);
    assert.match((read as { problem: string }).problem, /was edited after its proof/);
    const p = byLab(await planNow(runWithout('lab-e')))['lab-e'];
    assert.equal(p.full, true);
    assert.match(p.stale!, /edited after its proof/);

    writeFileSync(file, '{ not json');
    assert.match((readLedger(entry) as { problem: string }).problem, /not valid JSON/);
  });

  it('a ledger that records a failed case makes the lab proven again; a missing one too', async () => {
    const a = entries.find((e) => e.lab.id === 'lab-a')!;
    await writeLedger(a, ledgerOf(a, proofInputs(a, sourceRoot), outcomesFor(a, false)));
    rmSync(ledgerPath(entries.find((e) => e.lab.id === 'lab-c')!));
    const p = byLab(await planNow(runWithout('lab-a') === 0 ? 3 : runWithout('lab-a')));
    assert.match(p['lab-a'].reasons.join(), /its last proof failed/);
    assert.equal(p['lab-a'].full, true);
    assert.match(p['lab-c'].reasons.join(), /no proof ledger yet/);
  });

  it('everything (--all, named labs) proves every case of every lab, and still reports stale ledgers', async () => {
    appendFileSync(join(labsDir, 'lab-b', 'compose.yaml'), '\n# edit\n');
    const plan = await planNow(0, { everything: true });
    assert.ok(plan.labs.every((l) => l.full));
    assert.match(byLab(plan)['lab-b'].stale!, /lab's files changed/);
  });

  it('a plan over the proof budget fails at once, naming the stale labs and the command that proves them', async () => {
    for (const id of IDS) appendFileSync(join(labsDir, id, 'compose.yaml'), '\n# a sweep across every lab\n');
    const plan = await planNow(0);
    const minutes = Math.ceil(plan.estimateSeconds / 60);
    assert.equal(overBudget(plan, { BREAKFIX_PROOF_BUDGET_MINUTES: String(minutes) }), undefined, 'within the budget: no objection');
    const over = overBudget(plan, { BREAKFIX_PROOF_BUDGET_MINUTES: String(minutes - 1) })!;
    assert.match(over, new RegExp(`needs about ${minutes} min, over the budget of ${minutes - 1} min`));
    assert.match(over, new RegExp(`${IDS.length} labs have stale ledgers \\(${IDS.join(', ')}\\)`));
    assert.match(over, new RegExp(`\`npm run prove:labs -- ${IDS.join(' ')}\``));
    const fresh = await (async () => (await proveAll(), planNow(0)))();
    assert.equal(overBudget(fresh, {}), undefined, 'the rotation alone fits the default budget');
    assert.throws(() => overBudget(fresh, { BREAKFIX_PROOF_BUDGET_MINUTES: 'soon' }), /BREAKFIX_PROOF_BUDGET_MINUTES must be a number of minutes above 0, not "soon"/);
  });

  it('the run number comes from BREAKFIX_PROOF_RUN, then GITHUB_RUN_NUMBER, then the commit count', () => {
    assert.equal(proofRunNumber({ BREAKFIX_PROOF_RUN: '7', GITHUB_RUN_NUMBER: '9' }, repo), 7);
    assert.equal(proofRunNumber({ GITHUB_RUN_NUMBER: '9' }, repo), 9);
    assert.ok(proofRunNumber({}, repo) > 0);
    assert.throws(() => proofRunNumber({ BREAKFIX_PROOF_RUN: 'x' }, repo), /BREAKFIX_PROOF_RUN must be a whole number/);
  });
});
