// The learner's loop on lab 1 through the UI, in a real VS Code (code-server) in Chromium, on the real
// engine: Start Lab from the tree, a failing Run Check (attempt 1), the fix, a passing Run Check
// (attempt 2), the Writeup node unlocking, Open Writeup with the measured evidence.
// Run inside lab 1's session (lab1.test.ts), after its dashboard and fault steps and before its Stop, so
// that no second session starts code-server and brings the same stack up and down again. The first check
// runs on the stack Start brought up: a check runs its own assembled stack under the same Compose project
// (healthchecks every 5 s, its own project folder), so Compose recreates every container, about as fast as
// a start from nothing; Stop then removes the check's stack.
// Screenshots: test-results/e2e/check-fail.png, check-pass.png, writeup.png
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { parse as parseYaml } from 'yaml';
import { learnerFilesAmong, listLabFiles } from '../../src/core/labs/learnerFiles';
import { runsDir } from '../../src/core/workspace/paths';
import { applyReferenceFix } from '../support/referenceFix';
import { eventually, LAB, log, repo, sleep, Workbench } from './harness';

const labYaml = parseYaml(readFileSync(resolve(repo, 'labs', LAB, 'lab.yaml'), 'utf8')) as { title: string; learnerFiles: string[] };
export const CHECK_TIMEOUT = 540_000;

const labRow = (wb: Workbench) => wb.treeRow(labYaml.title);

/** Run Check on the lab from the palette; resolves when the tree shows the attempt `n` with `verdict`. */
async function runCheck(wb: Workbench, ws: string, n: number, verdict: 'pass' | 'fail'): Promise<string> {
  const t0 = Date.now();
  await wb.clearNotifications();
  await wb.runCommandAndPick('Break/Fix: Run Check', labYaml.title);
  // Chromium renders without a GPU here: the Output panel streaming the check's log takes CPU from the stack
  // being measured (p95-enqueue read 0.147 s with it open, on 2 cores; the lab's threshold is 0.5 s since, see
  // its README). A learner's machine has cores to spare; here the panel closes and the tree is polled every 5 s.
  await wb.hidePanel();
  await wb.openContainer('Break/Fix Labs');
  const row = wb.treeRow(`attempt ${n}: `);
  const aria = await eventually(`the tree shows attempt ${n}`, CHECK_TIMEOUT, async () => {
    await wb.expandRow(labRow(wb)).catch(() => undefined);
    await wb.expandRow(wb.treeRow('Attempts (')).catch(() => undefined);
    return (await row.count()) ? ((await row.getAttribute('aria-label')) ?? undefined) : undefined;
  }, 5000);
  log(`"${aria}" after ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  const measured = measuredOfLastRun(ws);
  log(`attempt ${n} measured${measured}`); // the margins in the UI's loop, on record in every run
  if (!aria.startsWith(`attempt ${n}: ${verdict}`)) assert.fail(`attempt ${n} should be a ${verdict}: ${aria}${measured}`);
  await screenshotReport(wb, verdict);
  return aria;
}

/** What the newest run report measured for each check, and its phases (logged; in the message of a wrong verdict). */
function measuredOfLastRun(ws: string): string {
  const dir = runsDir(ws, LAB);
  const newest = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).sort().at(-1) : undefined;
  if (!newest) return ` (no run report in ${dir})`;
  let r: { checks?: { id: string; pass: boolean; measured: unknown }[]; durations?: unknown };
  try {
    r = JSON.parse(readFileSync(join(dir, newest), 'utf8'));
  } catch (err) {
    return ` (${newest} unreadable: ${(err as Error).message})`;
  }
  return ` (${newest}: ${(r.checks ?? []).map((c) => `${c.pass ? '✔' : '✘'} ${c.id}=${c.measured}`).join(', ')}; phases ${JSON.stringify(r.durations)})`;
}

/**
 * The README's steps 7 and 9: the verdict's notification opens the run report (its checks with the measured
 * values), screenshotted as check-<verdict>.png for the README's tour.
 */
async function screenshotReport(wb: Workbench, verdict: 'pass' | 'fail'): Promise<void> {
  const text = verdict === 'pass' ? 'every check passed' : ': failed ';
  const button = (where: string) => wb.page.locator(`${where} .notification-list-item`, { hasText: text }).first().locator('.monaco-button', { hasText: 'Open Report' });
  let open = button('.notifications-toasts');
  let centre = false;
  if (!(await open.isVisible().catch(() => false))) {
    // The toast has hidden already: the notification centre keeps it, with its button.
    await wb.runCommand('Notifications: Show Notifications');
    open = button('.notifications-center');
    centre = true;
  }
  await open.click({ timeout: 15_000 });
  wb.did('Open Report');
  await eventually('the run report in a preview', 30_000, async () => ((await wb.editorTabs()).some((t) => /^Preview /.test(t)) ? true : undefined));
  if (centre) await wb.runCommand('Notifications: Hide Notifications').catch(() => undefined);
  await wb.page.keyboard.press('Escape');
  await wb.hidePanel();
  await sleep(1500);
  await wb.screenshot(`check-${verdict}.png`, { mouseAway: true });
  await wb.runCommand('View: Close All Editors');
}

/** (loop 1) Start Lab from the tree copies the lab into labs/<id>/ with a git baseline. */
export async function startLabFromTree(wb: Workbench, ws: string): Promise<void> {
  await wb.openContainer('Break/Fix Labs');
  await labRow(wb).waitFor({ timeout: 60_000 });
  await wb.clearNotifications();
  await wb.clickInlineAction(labRow(wb), 'Start Lab', wb.toastOrLog(new RegExp(`Start Lab ${LAB}:|Started ${LAB}|Starting lab ${LAB}`)), 30_000);
  await wb.waitForNotification(new RegExp(`Started ${LAB}: labs/${LAB}/`), 60_000, /Starting lab .* failed/);
  const toEdit = learnerFilesAmong(labYaml.learnerFiles, listLabFiles(resolve(repo, 'labs', LAB)));
  assert.ok(toEdit.length > 0);
  for (const f of toEdit) assert.ok(existsSync(join(ws, 'labs', LAB, f)), `labs/${LAB}/${f} was copied`);
  assert.ok(!existsSync(join(ws, 'labs', LAB, 'solution')), 'the reference solution is not copied');
  const git = spawnSync('git', ['log', '--format=%s', 'breakfix/' + LAB], { cwd: ws, encoding: 'utf8' });
  assert.match(git.stdout, new RegExp(`breakfix: start ${LAB} \\(baseline\\)`), `baseline commit on breakfix/${LAB}: ${git.stdout}${git.stderr}`);
  await eventually('the lab row says in progress', 30_000, async () => ((await labRow(wb).getAttribute('aria-label'))?.includes('in progress') ? true : undefined));
  await wb.expandRow(labRow(wb));
  await wb.treeRow('Writeup, locked').waitFor({ timeout: 30_000 });
  await wb.treeRow('Attempts (0)').waitFor({ timeout: 30_000 });
  // The README's next step: Show Lab Spec opens the lab's README as a preview.
  await wb.runCommandAndPick('Break/Fix: Show Lab Spec', labYaml.title);
  await eventually('the spec in a preview', 30_000, async () => ((await wb.editorTabs()).some((t) => t.startsWith('Preview README.md')) ? true : undefined));
  await wb.runCommand('View: Close All Editors');
}

/** The README's step 8: Reveal Hint shows hint 1 and counts it in progress. */
export async function revealHint(wb: Workbench, ws: string): Promise<void> {
  await wb.clearNotifications();
  await wb.runCommandAndPick('Break/Fix: Reveal Hint', labYaml.title);
  await wb.waitForNotification(/^Hint 1\/\d+: /, 30_000);
  const progress = JSON.parse(readFileSync(join(ws, '.breakfix/progress.json'), 'utf8'));
  assert.equal(progress.labs[LAB].hintsRevealed, 1, 'the hint is counted');
  await wb.clearNotifications();
}

/** The README's step 9: Compare with Baseline opens a diff of an edited file against the baseline. */
async function compareWithBaseline(wb: Workbench, edited: string[]): Promise<void> {
  await wb.runCommand('Break/Fix: Compare with Baseline', { keepOpen: true });
  const rows = wb.page.locator('.quick-input-list .monaco-list-row');
  await rows.filter({ has: wb.page.locator('.label-name', { hasText: labYaml.title }) }).first().click();
  const diffTab = async () => (await wb.editorTabs()).find((t) => /\(baseline ↔ yours\)/.test(t));
  await eventually('a diff against the baseline', 30_000, async () => {
    if (await diffTab()) return true;
    // Several files: a second pick asks which one.
    const file = rows.filter({ has: wb.page.locator('.label-name', { hasText: edited[0].replace(`labs/${LAB}/`, '') }) }).first();
    if (await file.isVisible().catch(() => false)) await file.click();
    return undefined;
  }, 500);
  log(`compare: ${await diffTab()}`);
  await wb.runCommand('View: Close All Editors');
}

/** (loop 2) Run Check on the unchanged copy fails: "attempt 1: fail" under the lab. */
export async function checkFailsOnTheCopy(wb: Workbench, ws: string): Promise<void> {
  // Nothing open that draws (the dashboard's charts) while the checks that follow measure on 2 cores.
  await wb.runCommand('View: Close All Editors');
  const aria = await runCheck(wb, ws, 1, 'fail');
  assert.match(aria, /failed /, 'the attempt names the failing checks');
  await wb.treeRow('Writeup, locked').waitFor({ timeout: 10_000 });
  await eventually('the lab row says broken', 30_000, async () => ((await labRow(wb).getAttribute('aria-label'))?.includes('broken') ? true : undefined));
  const progress = JSON.parse(readFileSync(join(ws, '.breakfix/progress.json'), 'utf8'));
  assert.equal(progress.labs[LAB].attempts[0].verdict, 'fail');
}

/** (loop 3) With the fix, Run Check passes: "attempt 2: pass", and the Writeup node unlocks. */
export async function checkPassesWithTheFix(wb: Workbench, ws: string): Promise<void> {
  const fixed = applyReferenceFix(ws, LAB);
  await compareWithBaseline(wb, fixed);
  await runCheck(wb, ws, 2, 'pass');
  await wb.treeRow('Writeup, unlocked').waitFor({ timeout: 30_000 });
  await eventually('the lab row says fixed', 30_000, async () => ((await labRow(wb).getAttribute('aria-label'))?.includes('fixed') ? true : undefined));
}

/** (loop 4) Open Writeup opens writeups/<lab>.md with the measured evidence. */
export async function openWriteup(wb: Workbench, ws: string): Promise<void> {
  await wb.clearNotifications();
  await wb.treeRow('Writeup, unlocked').click();
  wb.did('Open Writeup'); // the Writeup node runs Open Writeup
  const file = join(ws, 'writeups', `${LAB}.md`);
  await eventually('the writeup is created', 60_000, async () => (existsSync(file) ? true : undefined));
  const text = readFileSync(file, 'utf8');
  assert.match(text, /^# Postmortem/m, 'from the lab template');
  assert.match(text, /## Evidence/, 'with the evidence block');
  assert.match(text, /\| Check \| Threshold \| Before \| After \|/, 'before/after table');
  assert.match(text, /attempt 1, .*attempt 2, /s, 'before = attempt 1, after = attempt 2');
  assert.match(text, /✘ [\d.]+/, 'a measured failing value before');
  assert.match(text, /✔ [\d.]+/, 'a measured passing value after');
  await eventually('an editor tab and a preview tab of the writeup', 60_000, async () => {
    const tabs = await wb.editorTabs();
    return tabs.some((t) => t.startsWith(`${LAB}.md`)) && tabs.some((t) => t.startsWith(`Preview ${LAB}.md`)) ? tabs : undefined;
  });
  // The evidence table at the top of the editor; the preview follows the editor's scroll.
  const line = text.split('\n').findIndex((l) => l.startsWith('### Before and after')) + 1;
  await wb.page.locator('.part.editor .editor-group-container').first().locator('.monaco-editor .view-lines').click();
  await wb.runCommand('Go to Line/Column...', { keepOpen: true });
  await wb.page.locator('.quick-input-widget input.input').fill(`:${line + 4}`);
  await wb.page.keyboard.press('Enter');
  await wb.hidePanel();
  await sleep(2000); // the preview scrolls and renders its charts
  await wb.screenshot('writeup.png', { mouseAway: true });
}
