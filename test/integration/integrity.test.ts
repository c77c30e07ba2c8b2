// A pass is a proof: on the real engine, a learner's copy that holds the BASELINE code plus tampered
// instruments still fails the baseline's named checks, and the report names every change the check did
// not run. For each lab: (a) the stats an instrument reports are forced clean, (e) compose.yaml asks for
// more replicas, a changed locked env or an added service. Lab 1 also: (b) the API's `lost` forced to 0,
// (c) prometheus.yml scrapes something else, (d) the load generator sends less.
// One check per lab carries all of that lab's tampering; each `it` asserts its own tamper's effect, so a
// tamper that reached the run (a clean number, a missing series, a lighter load) fails its own test.
// The hostile-input tests of labs 2 and 3 (hostileInput.ts) run nested in their lab's describe, on the stack
// the check left up, before the `down` (no stack of their own). Lab 1 runs on every run; labs 2 and 3 in turn
// (casesThisRun), or when their files changed.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { CheckRunError, runCheck } from '../../src/core/checker/run';
import type { CheckResult, RunReport } from '../../src/core/checker/types';
import { findLab, loadCatalogue } from '../../src/core/labs/catalogue';
import type { LabEntry } from '../../src/core/labs/types';
import { stackDown } from '../../src/core/runtime/stack';
import { checkStackDir } from '../../src/core/workspace/paths';
import { startLab } from '../../src/core/workspace/startLab';
import { projectLeftovers, repo, requireEngine } from './helpers';
import { HOSTILE_INPUT } from './hostileInput';
import { labsInTurn } from '../support/labsInTurn';

interface Tamper {
  /** Relative to the lab folder. */
  file: string;
  edit: (text: string) => string;
}
interface LabCase {
  lab: string;
  tamper: Tamper[];
  /** Named checks the tampering tried to make pass: they must still fail, with a measured number. */
  stillFail: { tamper: string; checks: string[] }[];
  /** Constraints the compose.yaml tampering must fail. */
  constraintsFail: string[];
}

/** Replaces `from` (which must be there: the test must break loudly when the lab's code moves). */
const swap = (from: string | RegExp, to: string) => (text: string) => {
  const out = text.replace(from, to);
  assert.notEqual(out, text, `tamper target ${from} not found`);
  return out;
};
/** An edit of compose.yaml through the YAML document. */
const composeEdit = (edit: (doc: ReturnType<typeof parseDocument>) => void) => (text: string) => {
  const doc = parseDocument(text);
  edit(doc);
  return doc.toString();
};

const CASES: LabCase[] = [
  {
    lab: 'notification-retry-storm',
    tamper: [
      // (a) the provider reports no duplicates and one attempt per permanent rejection
      { file: 'services/provider/src/index.js', edit: swap('duplicates, idempotentReplays: sentUnderKey.replays,', 'duplicates: 0, idempotentReplays: sentUnderKey.replays,') },
      { file: 'services/provider/src/index.js', edit: swap('permanentFailures: permanent.size, permanentAttemptsMax,', 'permanentFailures: permanent.size, permanentAttemptsMax: Math.min(1, permanentAttemptsMax),') },
      // (b) the API says nothing was lost
      { file: 'services/api/src/index.js', edit: swap('lost: accepted - c.delivered - c.dead_lettered,', 'lost: 0,') },
      // (c) Prometheus scrapes the API where the provider was: no provider series, so no outage calls
      { file: 'prometheus.yml', edit: swap('targets: ["provider:8081"]', 'targets: ["api:8080"]') },
      // (d) the load sends 100 notifications whatever it is asked
      { file: 'services/load/src/index.js', edit: swap('...run }),', '...run, requests: Math.min(run.requests, 100) }),') },
      // (e) three workers at concurrency 16, and one more service
      {
        file: 'compose.yaml',
        edit: composeEdit((doc) => {
          doc.setIn(['services', 'worker', 'deploy', 'replicas'], 3);
          doc.setIn(['services', 'worker', 'environment', 'WORKER_CONCURRENCY'], '16');
          doc.setIn(['services', 'helper'], doc.createNode({ image: 'redis:7-alpine' }));
        }),
      },
    ],
    stillFail: [
      { tamper: '(a) provider stats forced clean', checks: ['no-duplicates', 'permanent-once'] },
      { tamper: "(b) the API's lost forced to 0", checks: ['nothing-lost'] },
      { tamper: '(c) prometheus.yml scrapes the API instead of the provider', checks: ['outage-calls'] },
    ],
    constraintsFail: ['constraint-worker-replicas', 'constraint-worker-env-WORKER_CONCURRENCY', 'constraint-services'],
  },
  {
    lab: 'transactional-outbox',
    tamper: [
      // (a) the audit reports no phantoms and no duplicates
      { file: 'services/orders/src/audit.js', edit: swap("phantoms: sum('phantoms'), duplicates: sum('duplicates'),", 'phantoms: 0, duplicates: 0,') },
      // (e) two relays
      { file: 'compose.yaml', edit: composeEdit((doc) => doc.setIn(['services', 'relay', 'deploy', 'replicas'], 2)) },
    ],
    stillFail: [{ tamper: '(a) the audit forced clean', checks: ['no-phantoms', 'no-duplicate-effects'] }],
    constraintsFail: ['constraint-relay-replicas'],
  },
  {
    lab: 'poison-message-dlq',
    tamper: [
      // (a) the ledger reports no duplicate bookings
      { file: 'services/ledger/src/index.js', edit: swap('uniqueOrders: bookings.size, duplicates,', 'uniqueOrders: bookings.size, duplicates: 0,') },
      // (e) more consumer concurrency
      { file: 'compose.yaml', edit: composeEdit((doc) => doc.setIn(['services', 'consumer', 'environment', 'CONSUMER_CONCURRENCY'], '8')) },
    ],
    stillFail: [{ tamper: '(a) ledger stats forced clean', checks: ['no-duplicates'] }],
    constraintsFail: ['constraint-consumer-env-CONSUMER_CONCURRENCY'],
  },
];

/**
 * Lab 1 on every run: its case carries every kind of tampering, (a) to (e). Each other lab's case, with its
 * hostile-input tests, when its own files changed and otherwise in turn (test/support/labsInTurn.ts): its
 * tampering is of the same kinds, through the same checker code, and one check per lab costs about a minute.
 * BREAKFIX_INTEGRITY_LABS=all runs every case.
 */
function casesThisRun(): LabCase[] {
  const [first, ...others] = CASES;
  const turn = labsInTurn(others.map((c) => c.lab), { envVar: 'BREAKFIX_INTEGRITY_LABS', maxChanged: others.length });
  console.log(`      [integrity] ${first.lab}, and in turn ${turn.why}`);
  return [first, ...others.filter((c) => turn.ids.includes(c.lab))];
}

describe('integrity: a check measures with the lab\'s own instruments, whatever the learner\'s copy holds (real engine)', function () {
  let catalogue: Awaited<ReturnType<typeof loadCatalogue>>;
  before(async function () {
    requireEngine(this);
    catalogue = await loadCatalogue(resolve(repo, 'labs'));
  });

  for (const c of casesThisRun()) {
    describe(c.lab, function () {
      let entry: LabEntry;
      let ws: string;
      let report: RunReport;
      const check = (id: string): CheckResult => {
        const r = report.checks.find((x) => x.id === id);
        assert.ok(r, `check ${id} was evaluated (evaluated: ${report.checks.map((x) => x.id).join(', ')})`);
        return r;
      };

      before(async function () {
        entry = findLab(catalogue, c.lab)!;
        assert.ok(entry, `lab ${c.lab} is bundled`);
        ws = mkdtempSync(join(tmpdir(), `bf-integrity-${c.lab}-`));
        await startLab(entry, ws);
        for (const t of c.tamper) {
          const file = join(ws, 'labs', c.lab, t.file);
          writeFileSync(file, t.edit(readFileSync(file, 'utf8')));
        }
        await stackDown(entry, {}).catch(() => undefined);
        const only = [...new Set(c.stillFail.flatMap((s) => s.checks))];
        const t0 = Date.now();
        try {
          report = await runCheck(entry, { workspaceDir: ws, mode: 'quick', only, log: () => undefined });
        } catch (err) {
          if (err instanceof CheckRunError) assert.fail(`the check could not run: ${err.message}`);
          throw err;
        }
        console.log(`      tampered baseline check of ${c.lab}: ${Math.round((Date.now() - t0) / 1000)} s; ${report.checks.map((x) => `${x.id}=${x.measured}`).join(', ')}`);
      });
      after(async () => {
        if (entry) await stackDown(entry, {}).catch(() => undefined);
        if (ws) {
          rmSync(checkStackDir(ws, c.lab), { recursive: true, force: true });
          rmSync(ws, { recursive: true, force: true });
        }
        if (entry) assert.deepEqual(projectLeftovers(`breakfix-${c.lab}`), []);
      });

      for (const s of c.stillFail) {
        it(`${s.tamper}: ${s.checks.join(', ')} still fail, each with a measured number`, () => {
          for (const id of s.checks) {
            const r = check(id);
            assert.equal(r.pass, false, `${id} passed (measured ${r.measured}): the tampered instrument reached the check`);
            assert.equal(typeof r.measured, 'number', `${id} measured ${r.measured}${r.note ? ` (${r.note})` : ''}: no number means the check did not read the lab's instrument`);
          }
        });
      }

      it('(e) compose.yaml: the named constraints fail, and the check ran the lab\'s services', () => {
        for (const id of c.constraintsFail) assert.equal(check(id).pass, false, `${id} passed: ${JSON.stringify(check(id))}`);
        assert.ok(!report.stackDir.startsWith(ws) && report.stackDir.endsWith(c.lab), `the stack ran from the assembled folder outside the workspace, not ${report.stackDir}`);
      });

      it('the report names every tampered file with what the check used instead', () => {
        const named = new Set((report.ignoredChanges ?? []).map((x) => x.file));
        for (const t of c.tamper) assert.ok(named.has(t.file), `${t.file} is named among the changes not run: ${JSON.stringify(report.ignoredChanges)}`);
        for (const x of report.ignoredChanges ?? []) assert.match(x.detail, /the check (used|ran)|a check runs only/, `${x.file}: ${x.detail}`);
        const md = readFileSync(report.files!.md, 'utf8');
        assert.match(md, /## Changes the check did not run/);
        for (const t of c.tamper) assert.ok(md.includes(t.file), `the Markdown report names ${t.file}`);
      });

      if (c.lab === 'notification-retry-storm') {
        it('(d) the load service sent what the scenario asks, not what the tampered one would', () => {
          assert.equal(report.load.summary?.sent, entry.lab.scenario!.load.requests, `sent ${report.load.summary?.sent}`);
        });
      }

      // Mocha runs a describe's own tests first, then the nested describes: these run after the tests above.
      HOSTILE_INPUT[c.lab]?.(() => ({ entry, ws, report }));
    });
  }
});
