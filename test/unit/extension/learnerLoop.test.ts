// The learner's loop in the extension, through the built bundles (dist/extension.js → app.js → core.js)
// against the vscode stub, on real temp workspaces (real files, real git, real progress store): the tree
// under a started lab, the Notes view, the commands, the walkthrough's context keys.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { loadCatalogue } from '../../../src/core/labs/catalogue';
import { commitAttempt } from '../../../src/core/workspace';
import { solutionTexts } from '../../../src/core/solution';
import { isolateGit } from '../workspace/gitEnv';
import { createVscodeStub, installVscode } from './vscodeStub';

const ROOT = path.resolve(__dirname, '../../..');
const BUNDLES = ['extension.js', 'app.js', 'core.js'].map((f) => path.join(ROOT, 'dist', f));
const LAB = 'notification-retry-storm';
const TITLE = 'Notification queue retry storm';
const RETRY = 'services/worker/src/retry.js';

type Item = {
  label: string;
  description?: string;
  tooltip?: unknown;
  iconPath?: { id: string; color?: { id: string } };
  contextValue?: string;
  collapsibleState: number;
  command?: { command: string; arguments?: unknown[] };
  accessibilityInformation?: { label: string };
};
type Tree = { provider: { getChildren(n?: unknown): Promise<unknown[]>; getTreeItem(n: unknown): Item } };

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

function workspace(progress?: unknown, opts: { started?: boolean } = {}): string {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'breakfix-ext-loop-'));
  if (opts.started) fs.mkdirSync(path.join(ws, 'labs', LAB), { recursive: true });
  if (progress) writeProgress(ws, progress);
  return ws;
}

function writeProgress(ws: string, progress: unknown): void {
  fs.mkdirSync(path.join(ws, '.breakfix'), { recursive: true });
  fs.writeFileSync(path.join(ws, '.breakfix/progress.json'), JSON.stringify(progress, null, 2));
}

const readProgress = (ws: string) => JSON.parse(fs.readFileSync(path.join(ws, '.breakfix/progress.json'), 'utf8'));

function labProgress(over: Record<string, unknown> = {}) {
  return { status: 'broken', attempts: [], hintsRevealed: 0, notes: [], startedAt: '2026-05-01T09:00:00.000Z', updatedAt: '2026-05-01T10:00:00.000Z', ...over };
}

const FAIL = { n: 1, verdict: 'fail', failed: ['no-duplicates', 'outage-calls'], report: '.breakfix/runs/r1/report.md', at: '2026-05-01T10:00:00.000Z' };
const ERROR = { n: 2, verdict: 'error', failed: [], at: '2026-05-01T10:05:00.000Z' };
const PASS = { n: 3, verdict: 'pass', failed: [], report: '.breakfix/runs/r3/report.md', at: '2026-05-01T10:10:00.000Z' };
const NOTES = [
  { text: 'one notification cost 10 provider calls', tags: ['retry-without-backoff'], at: '2026-05-01T10:01:00.000Z' },
  { text: 'queue age climbs during the outage', tags: ['observation'], at: '2026-05-01T10:02:00.000Z' },
];

function activate(ws: string | undefined, isTrusted = true) {
  for (const b of BUNDLES) delete require.cache[b];
  const stub = createVscodeStub({ isTrusted, extensionPath: ROOT, workspaceDir: ws });
  const uninstall = installVscode(stub.api);
  (require(BUNDLES[0]) as { activate(ctx: unknown): void }).activate(stub.context);
  const labs = stub.rec.treeViews.get('breakfix.labs') as unknown as Tree & { view: { fireSelection(s: unknown[]): void } };
  const notes = stub.rec.treeViews.get('breakfix.notes') as unknown as Tree & { view: { description?: string } };
  const run = (id: string, ...args: unknown[]) => stub.rec.commands.get(id)!(...args) as Promise<void>;
  const cleanup = () => {
    for (const d of stub.context.subscriptions) d.dispose();
    uninstall();
    for (const b of BUNDLES) delete require.cache[b];
  };
  return { ...stub, labs, notes, run, cleanup };
}

type Run = ReturnType<typeof activate>;

/** The lab's node (under its level group) and its item. */
async function labNode(run: Run): Promise<{ node: unknown; item: Item }> {
  const roots = await run.labs.provider.getChildren();
  for (const level of roots) {
    for (const node of await run.labs.provider.getChildren(level)) {
      const item = run.labs.provider.getTreeItem(node);
      if (item.label === TITLE) return { node, item };
    }
  }
  throw new Error(`no tree node for ${TITLE}`);
}

async function children(run: Run, node: unknown): Promise<{ node: unknown; item: Item }[]> {
  return (await run.labs.provider.getChildren(node)).map((n) => ({ node: n, item: run.labs.provider.getTreeItem(n) }));
}

describe('extension: the learner loop', function () {
  this.timeout(30_000);
  let run: Run | undefined;
  const dirs: string[] = [];
  const ws = (progress?: unknown, opts?: { started?: boolean }) => {
    const d = workspace(progress, opts);
    dirs.push(d);
    return d;
  };
  before(() => assert.ok(fs.existsSync(BUNDLES[1]), 'dist/app.js is missing: run `npm run build` first'));
  afterEach(() => {
    run?.cleanup();
    run = undefined;
  });
  after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  describe('the labs tree', () => {
    it('a lab with progress has Attempts (newest first), a locked Writeup and Notes as children', async () => {
      const dir = ws({ version: 1, labs: { [LAB]: labProgress({ attempts: [FAIL, ERROR], notes: NOTES }) } }, { started: true });
      run = activate(dir);
      const lab = await labNode(run);
      assert.equal(lab.item.collapsibleState, 2, 'expanded: it has children');
      assert.equal(lab.item.contextValue, 'lab.stopped.started');
      assert.match(lab.item.description!, /^broken · #queues/);
      assert.equal(lab.item.iconPath?.id, 'error');
      assert.match(lab.item.accessibilityInformation!.label, /, broken$/);
      const [attempts, writeup, notes] = await children(run, lab.node);
      assert.equal(attempts.item.label, 'Attempts (2)');
      const list = await children(run, attempts.node);
      assert.deepEqual(list.map((a) => a.item.label), ['attempt 2: error', 'attempt 1: fail']);
      const fail = list[1].item;
      assert.equal(fail.description, 'no-duplicates, outage-calls');
      assert.deepEqual([fail.iconPath?.id, fail.iconPath?.color?.id], ['error', 'testing.iconFailed']);
      assert.equal(fail.contextValue, 'attempt', 'the context menu offers Compare with Baseline');
      assert.equal(fail.command?.command, 'markdown.showPreview');
      assert.equal((fail.command?.arguments?.[0] as { fsPath: string }).fsPath, path.join(dir, '.breakfix/runs/r1/report.md'));
      assert.equal(list[0].item.command, undefined, 'no report, nothing to open');
      assert.equal(writeup.item.label, 'Writeup');
      assert.equal(writeup.item.iconPath?.id, 'lock');
      assert.equal(writeup.item.contextValue, 'writeup.locked');
      assert.match(String(writeup.item.tooltip), /unlocks when Run Check passes/);
      assert.equal(notes.item.label, 'Notes (2)');
      assert.equal(notes.item.description, '1 mistake');
      assert.equal(notes.item.command?.command, 'breakfix.showNotes');
    });

    it('issue 19: a Mistakes node lists the mistake log, newest first: failed checks open or fixed by an attempt, and mistake notes', async () => {
      const mistakes = [
        { tag: 'missing-dedup', check: 'no-duplicates', n: 1, measured: 12, threshold: 0, op: '==', unit: 'count', commit: 'b'.repeat(40), at: FAIL.at, fixed: { n: 3, at: PASS.at } },
        { tag: 'no-circuit-breaker', check: 'outage-calls', n: 1, measured: 41.5, threshold: 5, op: '<=', unit: 'reqps', at: FAIL.at },
      ];
      const dir = ws({ version: 1, labs: { [LAB]: labProgress({ attempts: [FAIL, ERROR, PASS], notes: NOTES, mistakes }) } }, { started: true });
      run = activate(dir);
      const lab = await labNode(run);
      const rows = await children(run, lab.node);
      const group = rows.find((r) => r.item.label.startsWith('Mistakes'))!;
      assert.deepEqual([group.item.label, group.item.description, group.item.collapsibleState, group.item.iconPath?.id], ['Mistakes (3)', '1 open', 1, 'bug']);
      const list = (await children(run, group.node)).map((r) => r.item);
      assert.deepEqual(list.map((i) => [i.label, i.description, i.iconPath?.id, i.contextValue]), [
        ['retry-without-backoff', 'note 1 · one notification cost 10 provider calls', 'note', 'mistake.note'],
        ['no-circuit-breaker', 'outage-calls · open', 'bug', 'mistake.open'],
        ['missing-dedup', 'no-duplicates · fixed by attempt 3', 'pass', 'mistake.fixed'],
      ]);
      assert.match(String(list[1].tooltip), /Check outage-calls failed in attempt 1: measured 41\.5 reqps, needs <= 5 reqps\./);
      assert.match(String(list[2].tooltip), /Commit: bbbbbbbbbbbb\nFixed by attempt 3/);
      assert.equal(list[0].command?.command, 'breakfix.showNotes');
    });

    it('a pass written by anyone (watcher on progress.json) unlocks the writeup and marks the lab fixed', async () => {
      const dir = ws({ version: 1, labs: { [LAB]: labProgress({ attempts: [FAIL] }) } }, { started: true });
      run = activate(dir);
      await labNode(run);
      writeProgress(dir, { version: 1, labs: { [LAB]: labProgress({ status: 'fixed', passedAt: PASS.at, attempts: [FAIL, PASS] }) } });
      run.rec.fileChanged(path.join(dir, '.breakfix/progress.json'));
      await tick(400); // the watcher's debounce
      const lab = await labNode(run);
      assert.equal(lab.item.contextValue, 'lab.stopped.started.passed');
      assert.equal(lab.item.iconPath?.id, 'pass-filled');
      const [attempts, writeup] = await children(run, lab.node);
      assert.equal(attempts.item.label, 'Attempts (2)');
      assert.deepEqual([writeup.item.iconPath?.id, writeup.item.contextValue, writeup.item.command?.command], ['book', 'writeup.unlocked', 'breakfix.openWriteup']);
      const top = (await children(run, attempts.node))[0].item;
      assert.deepEqual([top.label, top.iconPath?.id], ['attempt 3: pass', 'pass']);
    });

    it('an unreadable progress.json is a tree node (not a toast), left in place, and the labs stay listed', async () => {
      const dir = ws();
      fs.mkdirSync(path.join(dir, '.breakfix'));
      fs.writeFileSync(path.join(dir, '.breakfix/progress.json'), '{ not json');
      run = activate(dir);
      const roots = (await run.labs.provider.getChildren()).map((n) => run!.labs.provider.getTreeItem(n));
      const node = roots.find((i) => i.label === 'Your progress could not be read');
      assert.ok(node, `roots: ${roots.map((i) => i.label)}`);
      assert.match(String(node.tooltip), /not valid JSON/);
      assert.equal(node.command?.command, 'vscode.open');
      assert.ok((await labNode(run)).item);
      assert.equal(fs.readFileSync(path.join(dir, '.breakfix/progress.json'), 'utf8'), '{ not json', 'reading never moves it');
      assert.deepEqual(run.rec.messages.filter((m) => m.level !== 'info'), []);
    });

    it('a lab nobody started is a leaf, "not started"', async () => {
      run = activate(ws());
      const lab = await labNode(run);
      assert.equal(lab.item.collapsibleState, 0);
      assert.equal(lab.item.contextValue, 'lab.stopped');
      assert.match(lab.item.accessibilityInformation!.label, /, not started$/);
      assert.deepEqual(await run.labs.provider.getChildren(lab.node), []);
    });
  });

  describe('the walkthrough', () => {
    it('re-derives started, checked and fixed from the progress store on load; never doctor, broken or written up', async () => {
      run = activate(ws({ version: 1, labs: { [LAB]: labProgress({ status: 'fixed', passedAt: PASS.at, attempts: [FAIL, PASS] }) } }, { started: true }));
      await labNode(run);
      const keys = [...run.rec.contexts].filter(([k, v]) => k.startsWith('breakfix.walkthrough.') && v === true).map(([k]) => k.slice(21)).sort();
      assert.deepEqual(keys, ['checked', 'fixed', 'started']);
    });

    it('sets nothing for a fresh workspace', async () => {
      run = activate(ws());
      await labNode(run);
      assert.deepEqual([...run.rec.contexts.keys()].filter((k) => k.startsWith('breakfix.walkthrough.')), []);
    });

    it('every step of package.json completes on a context key the extension sets', () => {
      const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
      const steps = pkg.contributes.walkthroughs[0].steps as { id: string; completionEvents: string[]; media: { markdown: string } }[];
      assert.deepEqual(steps.map((s) => s.id), ['doctor', 'start', 'break', 'dashboard', 'fix', 'check', 'writeup']);
      const src = fs.readFileSync(path.join(ROOT, 'src/extension/walkthrough.ts'), 'utf8');
      const keys = /WALKTHROUGH_KEYS = \[([^\]]+)\]/.exec(src)![1].match(/'(\w+)'/g)!.map((k) => k.slice(1, -1));
      for (const s of steps) {
        assert.ok(fs.existsSync(path.join(ROOT, s.media.markdown)), `${s.media.markdown} exists`);
        assert.ok(s.completionEvents.length > 0);
        for (const e of s.completionEvents) assert.ok(keys.includes(e.replace('onContext:breakfix.walkthrough.', '')), `${s.id}: ${e} is a key the extension sets`);
      }
    });
  });

  describe('notes', () => {
    it('the Notes view shows the selected lab\'s notes, newest first, mistakes with their own icon', async () => {
      const dir = ws({ version: 1, labs: { [LAB]: labProgress({ notes: NOTES }) } });
      run = activate(dir);
      const lab = await labNode(run);
      run.labs.view.fireSelection([lab.node]);
      await tick(10);
      assert.equal(run.rec.contexts.get('breakfix.notesLab'), LAB);
      assert.equal(run.notes.view.description, TITLE);
      const items = (await run.notes.provider.getChildren()).map((n) => run!.notes.provider.getTreeItem(n));
      assert.deepEqual(items.map((i) => i.label), ['queue age climbs during the outage', 'one notification cost 10 provider calls']);
      assert.deepEqual(items.map((i) => [i.iconPath?.id, i.contextValue]), [['note', 'note'], ['bug', 'note.mistake']]);
      assert.match(items[1].description!, /#retry-without-backoff/);
    });

    it('Add Note: text and tags go to the store (also in Restricted Mode); cancelling the tags adds nothing', async () => {
      const dir = ws();
      run = activate(dir, false);
      run.rec.answers.inputBox.push('one notification cost 10 provider calls', 'never stored');
      run.rec.answers.quickPick.push(['retry-without-backoff', 'observation'], undefined);
      await run.run('breakfix.addNote', LAB);
      const tagPick = run.rec.quickPicks[0];
      assert.equal(tagPick.options.canPickMany, true);
      assert.equal(tagPick.items.find((i) => i.label === 'missing-dedup')?.description, 'mistake');
      const notes = readProgress(dir).labs[LAB].notes;
      assert.deepEqual(notes.map((n: { text: string; tags: string[] }) => [n.text, n.tags]), [['one notification cost 10 provider calls', ['retry-without-backoff', 'observation']]]);
      await run.run('breakfix.addNote', LAB);
      assert.equal(readProgress(dir).labs[LAB].notes.length, 1);
      assert.equal(run.rec.contexts.get('breakfix.notesLab'), LAB, 'the Notes view now shows that lab');
    });
  });

  describe('hints and the solution', () => {
    it('Reveal Hint shows the next hint and counts it', async () => {
      const dir = ws();
      run = activate(dir);
      await run.run('breakfix.revealHint', LAB);
      const msg = run.rec.messages.at(-1)!;
      assert.match(msg.text, /^Hint 1\/3: Watch the provider-calls panel/);
      assert.deepEqual(msg.actions, ['Next Hint']);
      assert.equal(readProgress(dir).labs[LAB].hintsRevealed, 1);
    });

    it('Show Solution is locked before a pass or all hints; after all hints it asks, records and diffs yours ↔ solution', async () => {
      const dir = ws({ version: 1, labs: { [LAB]: labProgress({ hintsRevealed: 1 }) } });
      run = activate(dir);
      await run.run('breakfix.showSolution', LAB);
      assert.match(run.rec.messages.at(-1)!.text, /unlocks when Run Check passes, or after all 3 hints \(1 revealed so far\)/);
      writeProgress(dir, { version: 1, labs: { [LAB]: labProgress({ hintsRevealed: 3 }) } });
      run.rec.answers.modal.push(undefined);
      await run.run('breakfix.showSolution', LAB);
      const ask = run.rec.messages.at(-1)!;
      assert.ok(ask.modal);
      assert.match(ask.detail!, /before you passed; it is recorded in your progress/);
      assert.equal(readProgress(dir).labs[LAB].solutionViewed, undefined, 'declined: nothing recorded');
      assert.ok(!run.rec.executed.some((e) => e.id === 'vscode.diff'));
      run.rec.answers.modal.push('Show Solution');
      await run.run('breakfix.showSolution', LAB);
      assert.equal(readProgress(dir).labs[LAB].solutionViewed.reason, 'all-hints');
      const diffs = run.rec.executed.filter((e) => e.id === 'vscode.diff');
      assert.ok(diffs.length >= 1);
      const [left, right, title] = diffs[0].args as [{ scheme: string; path: string }, { scheme: string; path: string }, string];
      assert.equal(right.scheme, 'breakfix-solution');
      assert.match(title, /\(yours ↔ solution\)$/);
      const rel = right.path.slice(LAB.length + 2);
      const solutionText = await run.rec.contentProviders.get('breakfix-solution')!.provideTextDocumentContent(right);
      // The solution's text is its patch applied to the bundled baseline, never the baseline itself.
      const labDir = path.join(ROOT, 'labs', LAB);
      assert.equal(solutionText, solutionTexts({ dir: labDir } as never).get(rel));
      const bundled = path.join(labDir, rel);
      assert.notEqual(solutionText, fs.existsSync(bundled) ? fs.readFileSync(bundled, 'utf8') : '');
      assert.equal(left.scheme, 'breakfix-baseline', 'not started: yours is the original, read-only');
    });
  });

  describe('writeup', () => {
    it('Open Writeup is locked before a pass and says how to unlock it', async () => {
      const dir = ws({ version: 1, labs: { [LAB]: labProgress({ attempts: [FAIL] }) } });
      run = activate(dir);
      await run.run('breakfix.openWriteup', LAB);
      const msg = run.rec.messages.at(-1)!;
      assert.match(msg.text, /locked until Run Check passes\. Your last attempt \(1\) failed no-duplicates, outage-calls/);
      assert.ok(msg.actions.includes('Run Check'));
      assert.ok(!fs.existsSync(path.join(dir, 'writeups')));
    });

    it('after a pass, Open Writeup creates writeups/<lab>.md and opens it with a preview; Validate puts problems at their lines', async () => {
      const dir = ws({ version: 1, labs: { [LAB]: labProgress({ status: 'fixed', passedAt: PASS.at }) } });
      run = activate(dir);
      await run.run('breakfix.openWriteup', LAB);
      const file = path.join(dir, 'writeups', `${LAB}.md`);
      assert.match(fs.readFileSync(file, 'utf8'), /^# Postmortem/);
      assert.deepEqual(run.rec.shownDocuments.map((d) => d.fsPath), [file]);
      assert.ok(run.rec.executed.some((e) => e.id === 'markdown.showPreviewToSide' && (e.args[0] as { fsPath: string }).fsPath === file));
      await run.run('breakfix.validateWriteup', { scheme: 'file', fsPath: file });
      const diags = run.rec.diagnostics.get(file)?.diagnostics ?? [];
      assert.ok(diags.length >= 6, `a problem per unwritten section: ${JSON.stringify(diags.map((d) => d.message))}`);
      const lines = fs.readFileSync(file, 'utf8').split('\n');
      const symptom = diags.find((d) => d.message.startsWith('Symptom:'))!;
      assert.equal(lines[symptom.range.start.line], '## Symptom', 'the diagnostic sits on the section heading');
      assert.equal(symptom.source, 'Break/Fix');
      assert.match(run.rec.messages.at(-1)!.text, /problems in writeups\/notification-retry-storm\.md/);
      assert.notEqual(run.rec.contexts.get('breakfix.walkthrough.writtenUp'), true);
    });
  });

  describe('Start Lab, Compare with Baseline, Reset Lab (real git)', () => {
    let restoreGit: () => void;
    before(() => (restoreGit = isolateGit()));
    after(() => restoreGit());

    it('in Restricted Mode Start Lab copies nothing and runs no git', async () => {
      const dir = ws();
      run = activate(dir, false);
      await run.run('breakfix.startLab', LAB);
      assert.match(run.rec.messages.at(-1)!.text, /Restricted Mode/);
      assert.ok(!fs.existsSync(path.join(dir, 'labs')) && !fs.existsSync(path.join(dir, '.git')));
    });

    it('starts, diffs against the baseline, never overwrites edits without asking, resets after a confirmation', async () => {
      const dir = ws();
      run = activate(dir);
      await run.run('breakfix.startLab', LAB);
      const copy = path.join(dir, 'labs', LAB, RETRY);
      const original = fs.readFileSync(copy, 'utf8');
      assert.equal(original, fs.readFileSync(path.join(ROOT, 'labs', LAB, RETRY), 'utf8'));
      assert.match(run.rec.messages.at(-1)!.text, new RegExp(`^Started ${LAB}: labs/${LAB}/ with a baseline commit on breakfix/${LAB}`));
      assert.equal(run.rec.contexts.get('breakfix.walkthrough.started'), true);
      assert.match(spawnSync('git', ['log', '--format=%s'], { cwd: dir, encoding: 'utf8' }).stdout, /breakfix: start notification-retry-storm \(baseline\)/);

      // The learner edits and saves a learner file: the walkthrough's fix step.
      fs.writeFileSync(copy, original + '\n// my fix\n');
      run.rec.save(path.join(dir, 'labs', LAB, 'README.md'));
      assert.notEqual(run.rec.contexts.get('breakfix.walkthrough.fix'), true, 'README.md is not a learner file');
      run.rec.save(copy);
      assert.equal(run.rec.contexts.get('breakfix.walkthrough.fix'), true);

      // Compare: a quick pick of the lab's files, then a diff baseline ↔ yours.
      run.rec.answers.quickPick.push(RETRY);
      await run.run('breakfix.compareWithBaseline', LAB);
      const pick = run.rec.quickPicks.at(-1)!;
      assert.deepEqual(pick.items.map((i) => [i.label, i.description]), [['services/worker/src/deliver.js', 'file to edit'], [RETRY, 'file to edit · edited']]);
      const diff = run.rec.executed.filter((e) => e.id === 'vscode.diff').at(-1)!;
      const [base, mine, title] = diff.args as [{ scheme: string; path: string }, { fsPath: string }, string];
      assert.deepEqual([base.scheme, base.path, mine.fsPath, title], ['breakfix-baseline', `/${LAB}/${RETRY}`, copy, 'retry.js (baseline ↔ yours)']);
      assert.equal(await run.rec.contentProviders.get('breakfix-baseline')!.provideTextDocumentContent(base), original, 'the baseline side is the committed original');
      // Any file of the lab, passed as a Uri: no quick pick.
      const picks = run.rec.quickPicks.length;
      await run.run('breakfix.compareWithBaseline', { scheme: 'file', fsPath: copy });
      assert.equal(run.rec.quickPicks.length, picks);
      assert.equal((run.rec.executed.filter((e) => e.id === 'vscode.diff').at(-1)!.args[1] as { fsPath: string }).fsPath, copy);
      await run.run('breakfix.compareWithBaseline', { scheme: 'file', fsPath: path.join(dir, 'notes.md') });
      assert.match(run.rec.messages.at(-1)!.text, /is not a file of a lab in this workspace/);

      // From an attempt in the tree: the baseline against the file as that attempt committed it, not the working copy.
      const entry = (await loadCatalogue(path.join(ROOT, 'labs'))).labs.find((e) => e.lab.id === LAB)!;
      const commit = (await commitAttempt(dir, LAB, 1, 'fail'))!;
      fs.writeFileSync(copy, original + '\n// my fix\n// edited after attempt 1\n');
      run.rec.answers.quickPick.push(RETRY);
      await run.run('breakfix.compareWithBaseline', { kind: 'attempt', entry, attempt: { n: 1, verdict: 'fail', failed: [], commit, at: '' }, workspaceDir: dir });
      assert.deepEqual(run.rec.quickPicks.at(-1)!.items.map((i) => i.label), ['services/worker/src/deliver.js', RETRY]);
      const [, atAttempt, attemptTitle] = run.rec.executed.filter((e) => e.id === 'vscode.diff').at(-1)!.args as [unknown, { scheme: string; path: string; query: string }, string];
      assert.deepEqual([atAttempt.scheme, atAttempt.path, atAttempt.query, attemptTitle], ['breakfix-baseline', `/${LAB}/${RETRY}`, `commit=${commit}`, 'retry.js (baseline ↔ attempt 1)']);
      assert.equal(await run.rec.contentProviders.get('breakfix-baseline')!.provideTextDocumentContent(atAttempt), original + '\n// my fix\n');
      fs.writeFileSync(copy, original + '\n// my fix\n');

      // Start again over the edit: asked, declined, kept.
      run.rec.answers.modal.push(undefined);
      await run.run('breakfix.startLab', LAB);
      assert.equal(run.rec.messages.at(-1)!.text, 'Overwrite 1 edited file?');
      assert.ok(run.rec.messages.at(-1)!.modal);
      assert.match(fs.readFileSync(copy, 'utf8'), /my fix/);

      // A note survives the reset.
      run.rec.answers.inputBox.push('kept across the reset');
      run.rec.answers.quickPick.push([]);
      await run.run('breakfix.addNote', LAB);
      run.rec.answers.modal.push('Reset');
      await run.run('breakfix.resetLab', LAB);
      const ask = run.rec.messages.find((m) => m.text.startsWith(`Reset ${LAB}?`))!;
      assert.equal(ask.text, `Reset ${LAB}? 1 edited file will be lost.`);
      assert.match(ask.detail!, new RegExp(`labs/${LAB}/${RETRY}`));
      assert.equal(fs.readFileSync(copy, 'utf8'), original);
      assert.equal(readProgress(dir).labs[LAB].notes[0].text, 'kept across the reset');
    });
  });
});
