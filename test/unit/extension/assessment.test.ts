// Assessment mode in the extension: the countdown text, the dashboard's fault-name mask, and, through the
// built bundles against the vscode stub on a real workspace with a real record, the locks on hints and
// the solution, the Labs tree hiding them, and the Assessment view's rows.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beginAssessment } from '../../../src/core/assessment/lifecycle';
import { lockMessage } from '../../../src/core/assessment/locks';
import { loadAssessmentSpec } from '../../../src/core/assessment/spec';
import type { AssessmentRecord } from '../../../src/core/assessment/types';
import { loadCatalogue } from '../../../src/core/labs/catalogue';
import { assessmentPath } from '../../../src/core/workspace/paths';
import { countdownView } from '../../../src/extension/assessment/countdown';
import { HIDDEN_FAULT_TITLE, maskFaultNames } from '../../../src/extension/webviews/dashboard/faultMask';
import { createVscodeStub, installVscode } from './vscodeStub';

const ROOT = path.resolve(__dirname, '../../..');
const BUNDLES = ['extension.js', 'app.js', 'core.js'].map((f) => path.join(ROOT, 'dist', f));
const LAB = 'notification-retry-storm';
const TITLE = 'Notification queue retry storm';
const T0 = Date.parse('2026-12-04T10:00:00.000Z');

type Item = { label: string; description?: string; contextValue?: string; collapsibleState: number; command?: { command: string } };
type Tree = { provider: { getChildren(n?: unknown): Promise<unknown[]>; getTreeItem(n: unknown): Item } };

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

async function entry() {
  const e = (await loadCatalogue(path.join(ROOT, 'labs'))).labs.find((x) => x.lab.id === LAB);
  assert.ok(e, `no ${LAB} in labs/`);
  return e;
}

/** A workspace with a running 45-minute assessment of lab 1 (a real record, written by the core). */
async function assessedWorkspace(now = new Date()): Promise<{ ws: string; record: AssessmentRecord }> {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'breakfix-ext-assess-'));
  const e = await entry();
  const record = await beginAssessment(e, ws, loadAssessmentSpec(e), { minutes: 45, seed: 'c0ffee01', now });
  return { ws, record };
}

function activate(ws: string) {
  for (const b of BUNDLES) delete require.cache[b];
  const stub = createVscodeStub({ isTrusted: true, extensionPath: ROOT, workspaceDir: ws });
  const uninstall = installVscode(stub.api);
  (require(BUNDLES[0]) as { activate(ctx: unknown): void }).activate(stub.context);
  const tree = (id: string) => stub.rec.treeViews.get(id) as unknown as Tree;
  const run = (id: string, ...args: unknown[]) => stub.rec.commands.get(id)!(...args) as Promise<void>;
  const cleanup = () => {
    for (const d of stub.context.subscriptions) d.dispose();
    uninstall();
    for (const b of BUNDLES) delete require.cache[b];
  };
  return { ...stub, tree, run, cleanup };
}

type Run = ReturnType<typeof activate>;

async function rows(run: Run, id: string, node?: unknown): Promise<{ node: unknown; item: Item }[]> {
  const t = run.tree(id);
  return (await t.provider.getChildren(node)).map((n) => ({ node: n, item: t.provider.getTreeItem(n) }));
}

describe('extension: assessment mode', function () {
  this.timeout(30_000);

  describe('the status-bar countdown', () => {
    const record = { format: 1, id: 'x', lab: LAB, minutes: 45, startedAt: new Date(T0).toISOString(), deadline: new Date(T0 + 45 * 60_000).toISOString(), submits: [], events: [] } as unknown as AssessmentRecord;

    it('shows the time left and the phase, and names the lab and the deadline in its tooltip', () => {
      const v = countdownView(record, T0 + (3 * 60 + 53) * 1000)!;
      assert.equal(v.text, '$(watch) 41:07 · diagnose');
      assert.match(v.tooltip, new RegExp(`Assessment of ${LAB}: 41:07 left, until 10:45 UTC \\(45 minutes\\)`));
      assert.equal(v.up, false);
      const diagnosed = { ...record, diagnosis: { at: '', symptom: 's', rootCause: 'r', evidence: 'e' } };
      assert.equal(countdownView(diagnosed, T0 + 60 * 60_000 - 59 * 60_000)!.text, '$(watch) 44:00 · fix');
    });

    it('reads "time is up" at the deadline, and is absent when none runs', () => {
      const v = countdownView(record, T0 + 45 * 60_000)!;
      assert.equal(v.text, '$(watch) time is up · postmortem');
      assert.equal(v.up, true);
      assert.equal(countdownView({ ...record, endedAt: new Date(T0).toISOString() }, T0), undefined);
      assert.equal(countdownView(undefined, T0), undefined);
    });
  });

  describe("the dashboard's fault names", () => {
    it('are blanked in the host: bands say "a fault", the fault list and states are not sent', () => {
      const ids = ['provider-outage', 'kill-worker'];
      const why = 'Fault names are locked during the assessment';
      const bands = maskFaultNames({ type: 'faultBands', bands: [{ faultId: 'kill-worker', title: 'Kill the worker', start: 1, end: 2 }] }, ids, why);
      assert.deepEqual(bands, { type: 'faultBands', bands: [{ faultId: 'fault-2', title: HIDDEN_FAULT_TITLE, start: 1, end: 2 }] });
      assert.ok(!JSON.stringify(bands).includes('worker'));
      assert.deepEqual(maskFaultNames({ type: 'faults', states: [{ id: 'kill-worker', state: 'active' }] }, ids, why), { type: 'faults', states: [] });
      const init = maskFaultNames({ type: 'init', lab: { id: LAB, title: '', summary: '' }, panels: [], faults: [{ id: 'kill-worker', title: 'Kill', kind: 'container' }], checks: [], window: 5, trusted: true }, ids, why);
      assert.deepEqual((init as { faults: unknown[] }).faults, []);
      assert.equal((init as { faultsLocked?: string }).faultsLocked, why, 'the webview says why the list is empty');
      const points = { type: 'points' as const, panelId: 'p', series: [], end: 1 };
      assert.equal(maskFaultNames(points, ids, why), points);
    });
  });

  describe('in Restricted Mode', () => {
    it('every assessment command refuses, saying why, and nothing is written', async () => {
      const { ws } = await assessedWorkspace();
      const before = fs.readFileSync(assessmentPath(ws), 'utf8');
      for (const b of BUNDLES) delete require.cache[b];
      const stub = createVscodeStub({ isTrusted: false, extensionPath: ROOT, workspaceDir: ws });
      const uninstall = installVscode(stub.api);
      try {
        (require(BUNDLES[0]) as { activate(ctx: unknown): void }).activate(stub.context);
        const ids = ['breakfix.startAssessment', 'breakfix.recordDiagnosis', 'breakfix.submitAssessment', 'breakfix.openAssessmentReport', 'breakfix.endAssessment'];
        for (const id of ids) await (stub.rec.commands.get(id)!() as Promise<void>);
        const refusals = stub.rec.messages.filter((m) => /Restricted Mode/.test(m.text));
        assert.equal(refusals.length, ids.length, JSON.stringify(stub.rec.messages.map((m) => m.text)));
        assert.ok(refusals.every((m) => m.actions.includes('Manage Workspace Trust')));
        assert.deepEqual(stub.rec.quickPicks, [], 'no form was opened');
        assert.equal(fs.readFileSync(assessmentPath(ws), 'utf8'), before, 'the record is unchanged');
      } finally {
        for (const d of stub.context.subscriptions) d.dispose();
        uninstall();
        for (const b of BUNDLES) delete require.cache[b];
        fs.rmSync(ws, { recursive: true, force: true });
      }
    });
  });

  describe("Start Assessment from a reviewer's hand-over file", () => {
    it('refuses a bad file with every problem, and a file naming a lab without an assessment, before anything starts', async () => {
      const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'breakfix-ext-handover-'));
      const bad = path.join(ws, 'bad.yaml');
      fs.writeFileSync(bad, 'format: 1\nlab: notification-retry-storm\nminutes: 2\n');
      const other = path.join(ws, 'other.yaml');
      fs.writeFileSync(other, 'format: 1\nlab: no-such-lab\n');
      const run = activate(ws);
      try {
        run.rec.answers.quickPick.push('$(file) From a hand-over file…', '$(file) From a hand-over file…');
        run.rec.answers.openDialog = [bad, other];
        await run.run('breakfix.startAssessment');
        await run.run('breakfix.startAssessment');
        const errors = run.rec.messages.filter((m) => m.level === 'error').map((m) => m.text);
        assert.equal(errors.length, 2, JSON.stringify(run.rec.messages));
        assert.match(errors[0], /^Start Assessment: .*bad\.yaml:3:\d+: minutes: 2 is not a whole number of minutes from 5 to 480/);
        assert.match(errors[1], /names "no-such-lab", which has no assessment in this installation/);
        assert.ok(!fs.existsSync(assessmentPath(ws)), 'no assessment was begun');
        assert.ok(!fs.existsSync(path.join(ws, 'labs')), 'no lab was copied');
      } finally {
        run.cleanup();
        fs.rmSync(ws, { recursive: true, force: true });
      }
    });
  });

  describe('through the bundles, with a running assessment of lab 1', () => {
    let run: Run | undefined;
    const dirs: string[] = [];
    before(() => assert.ok(fs.existsSync(BUNDLES[1]), 'dist/app.js is missing: run `npm run build` first'));
    afterEach(() => {
      run?.cleanup();
      run = undefined;
    });
    after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

    it('Reveal Hint and Show Solution refuse with the lock message, which the timeline records', async () => {
      const { ws, record } = await assessedWorkspace();
      dirs.push(ws);
      run = activate(ws);
      await run.run('breakfix.revealHint', LAB);
      await run.run('breakfix.showSolution', LAB);
      const warnings = run.rec.messages.filter((m) => m.level === 'warning');
      assert.deepEqual(
        warnings.map((m) => m.text),
        [`Reveal Hint: ${lockMessage(record, LAB, 'hints')}`, `Show Solution: ${lockMessage(record, LAB, 'solution')}`],
      );
      assert.match(warnings[0].text, /^Reveal Hint: Hints are locked during the assessment of notification-retry-storm \(time is up at \d\d:\d\d UTC\)/);
      assert.deepEqual(warnings[0].actions, ['Show Assessment']);
      assert.ok(!fs.existsSync(path.join(ws, '.breakfix/progress.json')) || !/hintsRevealed": [1-9]/.test(fs.readFileSync(path.join(ws, '.breakfix/progress.json'), 'utf8')), 'no hint was counted');
      const events = (JSON.parse(fs.readFileSync(assessmentPath(ws), 'utf8')) as AssessmentRecord).events.filter((e) => e.kind === 'locked');
      assert.deepEqual(events.map((e) => e.detail), ['asked for hints: refused', 'asked for solution: refused']);
    });

    it("Show Lab Spec previews the spec without its acceptance signals (breakfix-spec:), saying why", async () => {
      const { ws, record } = await assessedWorkspace();
      dirs.push(ws);
      run = activate(ws);
      await run.run('breakfix.showLabSpec', LAB);
      const shown = run.rec.executed.find((e) => e.id === 'markdown.showPreview')!;
      const uri = shown.args[0] as { scheme: string; path: string };
      assert.deepEqual([uri.scheme, uri.path], ['breakfix-spec', `/${LAB}/README.md`]);
      const text = await run.rec.contentProviders.get('breakfix-spec')!.provideTextDocumentContent(uri);
      const readme = fs.readFileSync(path.join(ROOT, 'labs', LAB, 'README.md'), 'utf8');
      assert.match(readme, /^## Acceptance/m);
      assert.ok(text.includes(`_${lockMessage(record, LAB, 'acceptance')}_`), 'the lock message stands in for the section');
      assert.ok(text.length < readme.length, 'the acceptance signals are left out');
    });

    it('the Labs tree marks the assessed lab so its menus offer no hint and no solution', async () => {
      const { ws } = await assessedWorkspace();
      dirs.push(ws);
      run = activate(ws);
      await (await rows(run, 'breakfix.assessment'))[0]; // the watch has read the record
      const labsTree = run.tree('breakfix.labs');
      let lab: Item | undefined;
      for (const level of await labsTree.provider.getChildren()) for (const n of await labsTree.provider.getChildren(level)) if (labsTree.provider.getTreeItem(n).label === TITLE) lab = labsTree.provider.getTreeItem(n);
      assert.ok(lab?.contextValue?.endsWith('.assessed'), `contextValue ${lab?.contextValue}`);
      const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
      for (const command of ['breakfix.revealHint', 'breakfix.showSolution']) {
        const menu = pkg.contributes.menus['view/item/context'].find((m: { command: string }) => m.command === command);
        const regexes = [...(menu.when as string).matchAll(/viewItem =~ \/(.*?)\/(?= |$)/g)].map((m) => new RegExp(m[1]));
        const shown = (ctxValue: string) => regexes.every((r) => r.test(ctxValue));
        assert.ok(shown('lab.running.started'), `${command} shows on a lab that is not assessed`);
        assert.ok(!shown(lab!.contextValue!), `${command} is hidden on ${lab!.contextValue}`);
      }
    });

    it('the Assessment view shows the ticket, the time, the phase, Record Diagnosis, the submits and the actions', async () => {
      const { ws, record } = await assessedWorkspace();
      dirs.push(ws);
      run = activate(ws);
      const roots = await rows(run, 'breakfix.assessment');
      const labels = roots.map((r) => r.item.label);
      assert.equal(labels[0], record.ticket.title);
      assert.match(labels[1], /^(4[45]|4\d):\d\d left$/);
      // No Open Report yet: the report names the hidden incident's faults.
      assert.deepEqual(labels.slice(2), ['Phase: diagnose', 'Record Diagnosis…', 'Submits (0)', 'Submit…', 'End Assessment…']);
      assert.deepEqual(roots.slice(3).map((r) => r.item.command?.command), ['breakfix.recordDiagnosis', undefined, 'breakfix.submitAssessment', 'breakfix.endAssessment']);
      assert.equal(run.rec.contexts.get('breakfix.reportReady'), false);
      // The ticket row opens the ticket, with the root causes to choose from, as a read-only Markdown document.
      const open = roots[0].item.command as unknown as { command: string; arguments: { scheme: string; path: string }[] };
      assert.equal(open.command, 'markdown.showPreview');
      const doc = await run.rec.contentProviders.get('breakfix-ticket')!.provideTextDocumentContent(open.arguments[0]);
      assert.match(doc, new RegExp(`^# INCIDENT: ${record.ticket.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      for (const c of loadAssessmentSpec(await entry()).rootCauses) assert.ok(doc.includes(`(\`${c.id}\`)`), `root cause ${c.id} is offered`);
      const ticket = await rows(run, 'breakfix.assessment', roots[0].node);
      assert.deepEqual(ticket.map((r) => r.item.label), [...record.ticket.symptoms, `Impact: ${record.ticket.impact}`]);
      assert.equal(run.rec.contexts.get('breakfix.assessing'), true);

      // A diagnosis and a submit (as the core writes them): the watcher re-reads the record.
      const next: AssessmentRecord = {
        ...record,
        diagnosis: { at: '2026-12-04T10:05:00.000Z', symptom: 'calls x10', rootCause: 'blind-immediate-retries', evidence: 'provider-calls' },
        submits: [{ n: 1, at: '2026-12-04T10:20:00.000Z', auto: false, verdict: 'fail', failed: ['no-duplicates'], checks: [] }],
      };
      fs.writeFileSync(assessmentPath(ws), JSON.stringify(next, null, 2));
      run.rec.fileChanged(assessmentPath(ws));
      await tick(100);
      const after = await rows(run, 'breakfix.assessment');
      assert.deepEqual(after.slice(2, 5).map((r) => r.item.label), ['Phase: fix', 'Diagnosis: blind-immediate-retries', 'Submits (1)']);
      const submits = await rows(run, 'breakfix.assessment', after[4].node);
      assert.deepEqual(submits.map((r) => [r.item.label, r.item.description]), [['submit 1: fail', 'no-duplicates']]);
      assert.ok(!after.some((r) => r.item.label === 'Open Report'));
      await run.run('breakfix.openAssessmentReport');
      assert.match(run.rec.messages.at(-1)!.text, /^Open Report: The report shows the hidden incident .* Now: phase fix\.$/);
      assert.ok(!fs.existsSync(path.join(ws, '.breakfix/assessment', record.id, 'report.md')), 'no report written');

      // A passing submit: the postmortem phase, and the report is offered.
      const passed: AssessmentRecord = { ...next, submits: [...next.submits, { n: 2, at: '2026-12-04T10:25:00.000Z', auto: false, verdict: 'pass', failed: [], checks: [] }] };
      fs.writeFileSync(assessmentPath(ws), JSON.stringify(passed, null, 2));
      run.rec.fileChanged(assessmentPath(ws));
      await tick(100);
      const postmortem = (await rows(run, 'breakfix.assessment')).map((r) => r.item.label);
      assert.deepEqual(postmortem.slice(2), ['Phase: postmortem', 'Diagnosis: blind-immediate-retries', 'Submits (2)', 'Submit…', 'Open Report', 'End Assessment…']);
      assert.equal(run.rec.contexts.get('breakfix.reportReady'), true);

      // Ended: the view offers a new one and the last one's report; the lock lifts.
      fs.writeFileSync(assessmentPath(ws), JSON.stringify({ ...passed, endedAt: '2026-12-04T10:30:00.000Z' }, null, 2));
      run.rec.fileChanged(assessmentPath(ws));
      await tick(100);
      assert.deepEqual((await rows(run, 'breakfix.assessment')).map((r) => r.item.label), ['Start Assessment…', `Last: ${LAB}`]);
      assert.equal(run.rec.contexts.get('breakfix.assessing'), false);
    });
  });
});
