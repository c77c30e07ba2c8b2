// npm run bench:plan -- [--json] [--labs 20]
//
// The CI planner's cost at catalogue scale, from measured times. The bundled labs' ledgers hold each case's
// seconds (its build, up, scenario and checks, as `lint --prove` measured them on this machine); N labs are
// made from them in turn (lab k has the cases and seconds of bundled lab k mod the number of bundled labs),
// and the real planner (planProofs) plans each situation for the 4 runs of a rotation. Printed: minutes of proof per situation
// (the median and the worst of the 4 runs), and the ratio against the named baseline measured in the same
// run, "prove everything" (what CI did before the ledger). Proof time only: add the rest of CI (unit,
// integration, e2e) from a CI run's own log.
import { loadCore, median, flag, repo } from './common.mjs';
import { join } from 'node:path';

const core = loadCore('bench:plan');
const N = Number(flag('labs', '20'));
const json = process.argv.includes('--json');
if (!Number.isInteger(N) || N < 1) {
  console.error(`[bench:plan] --labs must be a whole number >= 1, not "${flag('labs')}"`);
  process.exit(2);
}

const catalogue = await core.loadCatalogue(join(repo, 'labs'));
const measured = catalogue.labs
  .filter((e) => e.lab.proof)
  .map((entry) => ({ entry, read: core.readLedger(entry) }))
  .filter((m) => m.read.ok);
if (!measured.length) {
  console.error('[bench:plan] no bundled lab has a valid ledger: run `npm run prove:labs -- --all` first.');
  process.exit(2);
}

const INPUTS = { lab: 'l', kit: 'k', checker: 'c' };
/** The N labs, each with its ledger as if proven at INPUTS, and the tree's inputs in this situation. */
function labsIn(situation) {
  return Array.from({ length: N }, (_, k) => {
    const { entry, read } = measured[k % measured.length];
    const id = `lab-${String(k).padStart(2, '0')}`;
    const ledger = { ...read.ledger, lab: id, inputs: INPUTS };
    return { entry: { ...entry, lab: { ...entry.lab, id } }, ledger: { ok: true, ledger }, inputs: situation(k) };
  });
}

const SITUATIONS = {
  'nothing the proofs read changed': () => INPUTS,
  'one lab changed': (k) => (k === 0 ? { ...INPUTS, lab: 'edited' } : INPUTS),
  'the checker changed': () => ({ ...INPUTS, checker: 'edited' }),
  'the kit changed': () => ({ ...INPUTS, kit: 'edited' }),
  'every lab changed, no ledger refreshed': () => ({ ...INPUTS, lab: 'edited' }),
};

const minutes = (s) => Math.round((s / 60) * 10) / 10;
const everything = core.planProofs(labsIn(SITUATIONS['nothing the proofs read changed']), 0, { everything: true }).estimateSeconds;
const result = { labs: N, measuredFrom: measured.map((m) => m.entry.lab.id), baseline: { name: 'prove everything', minutes: minutes(everything) }, situations: {} };
for (const [name, situation] of Object.entries(SITUATIONS)) {
  const runs = Array.from({ length: core.ROTATION }, (_, run) => core.planProofs(labsIn(situation), run).estimateSeconds);
  result.situations[name] = { medianMinutes: minutes(median(runs)), worstMinutes: minutes(Math.max(...runs)), ratioToBaseline: Math.round((median(runs) / everything) * 100) / 100 };
}

if (json) console.log(JSON.stringify(result, null, 2));
else {
  console.log(`Proof minutes for ${N} labs (per-case seconds from ${result.measuredFrom.join(', ')}); prove everything: ${result.baseline.minutes} min`);
  for (const [name, r] of Object.entries(result.situations)) console.log(`  ${name.padEnd(42)} median ${String(r.medianMinutes).padStart(5)} min, worst ${String(r.worstMinutes).padStart(5)} min (${r.ratioToBaseline}× everything)`);
}
