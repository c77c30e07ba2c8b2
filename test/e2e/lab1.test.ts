// Lab 1 as a learner does it, in a real VS Code (code-server) in Chromium, on the real engine:
// the tree, Start from the tree, the live dashboard with a fault, the learner's loop (learnerLoop.ts:
// Start Lab, a failing check, the fix, a passing check, the writeup), Stop from the tree; the AI tools
// (aiTools.ts) before and after Start. One session: one code-server, one workspace, one stack up and down.
// Screenshots: test-results/e2e/{tree,stack-running,ai,dashboard-dark,dashboard-light,fault-band,writeup}.png
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { FrameLocator, Locator } from 'playwright-core';
import { COST_PANEL_ID } from '../../src/core/cost/model';
import { assertAiToolsWithoutStack, assertAiToolsWithStack } from './aiTools';
import { firstLabActions } from '../support/readmeSteps';
import { CHECK_TIMEOUT, checkFailsOnTheCopy, checkPassesWithTheFix, openWriteup, revealHint, startLabFromTree } from './learnerLoop';
import {
  cliDown,
  CodeServer,
  eventually,
  Fatal,
  LAB,
  log,
  openLab1Session,
  PROJECT,
  dockerSaysHealthy,
  projectContainers,
  projectLeftovers,
  repo,
  sleep,
  Workbench,
} from './harness';

const API = 'http://127.0.0.1:18080';
const PROVIDER = 'http://127.0.0.1:18081';
const labYaml = parseYaml(readFileSync(resolve(repo, 'labs', LAB, 'lab.yaml'), 'utf8')) as {
  title: string;
  panels: { id: string; title: string }[];
  faults: { id: string }[];
};
/** The fault injected from the dashboard, and the panel whose value it must move. */
const FAULT = 'provider-outage';
const AFFECTED_PANEL = 'provider-calls';

describe(`e2e: lab ${LAB} in VS Code (code-server + Chromium), trusted workspace`, function () {
  let cs: CodeServer | undefined;
  let wb: Workbench;
  let ws: string;
  let locked = false;
  let started = false;
  let failed = false;
  let traffic: { stop(): Promise<number> } | undefined;

  before(async function () {
    ({ cs, wb, ws } = await openLab1Session(this, 'lab1', { 'notes.md': '# My notes\n' }));
    locked = true;
  });

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed' || !wb) return;
    failed = true;
    // "(4) Inject …" → failed-4-Inject-….png, "(loop 2) Run Check …" → failed-loop-2-Run-Check-….png
    const [, step = 'x', rest = this.currentTest.title] = /^\(([^)]+)\)\s*(.*)$/.exec(this.currentTest.title) ?? [];
    const slug = `${step.replace(/\W+/g, '-')}-${rest.replace(/\W+/g, '-').slice(0, 36)}`;
    await wb.screenshot(`failed-${slug}.png`).catch(() => undefined);
    console.log(`      output channel (last lines):\n${wb.outputChannel().split('\n').slice(-30).join('\n')}`);
  });

  after(async function () {
    this.timeout(360_000);
    await traffic?.stop();
    if (cs && failed) log(`logs saved to ${cs.saveLogs('lab1')}`);
    await wb?.close();
    await cs?.stop();
    // Only our own stack (we hold the lock once `locked`): leave nothing behind for the next person.
    if (locked && projectContainers().length > 0) {
      log('cleaning up: breakfix down');
      const r = cliDown();
      assert.equal(r.code, 0, `breakfix down failed:\n${r.output}`);
    }
  });

  it('(1) the Break/Fix Labs container lists notification-retry-storm', async function () {
    await wb.openContainer('Break/Fix Labs');
    const row = wb.treeRow(labYaml.title);
    await row.waitFor({ timeout: 60_000 });
    const rows = await wb.treeRows();
    const lab = rows.find((r) => r.aria.startsWith(labYaml.title));
    assert.ok(lab, `no tree row for "${labYaml.title}"; rows: ${JSON.stringify(rows)}`);
    assert.match(lab.aria, /not started$/, 'a lab nobody started is "not started"');
    assert.match(lab.description, /#queues/, 'the row shows the lab\'s domains');
    // The lab id is what the docs and the CLI use: the row's hover shows it.
    const hover = await wb.hoverText(row, new RegExp(LAB));
    assert.match(hover, new RegExp(`${LAB} · intermediate · not started`));
    await wb.screenshot('tree.png');
  });

  it('(1b) once the extension is active, vscode.lm.tools lists the seven AI tools; with no stack they say so (a failure reaches the caller as an error)', async function () {
    this.timeout(180_000);
    await assertAiToolsWithoutStack(wb, ws);
  });

  // The README's "Your first lab" order: Start Lab, then Start Stack on the copy, the dashboard and a fault,
  // then the checks (readmeSteps.ts; the last test asserts that every step the README names was driven here).
  it('(loop 1) Start Lab from the tree copies the lab into labs/<id>/ with a git baseline', async function () {
    this.timeout(120_000);
    await startLabFromTree(wb, ws);
  });

  it('(2) Start from the tree brings the stack up healthy from the copy (tree, status bar and docker agree)', async function () {
    this.timeout(600_000);
    assert.deepEqual(projectContainers(), [], 'no container of the lab before Start');
    const row = wb.treeRow(labYaml.title);
    const t0 = Date.now();
    await wb.clickInlineAction(row, 'Start Stack', wb.toastOrLog(new RegExp(`Starting ${LAB}`)));
    // The start builds images and waits for every healthcheck; a failure shows as a toast.
    const toast = await wb.waitForNotification(new RegExp(`${LAB} is up: (\\d+)/\\1 healthy`), 540_000, new RegExp(`Starting ${LAB} failed`));
    log(`"${toast}" after ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    // The toast counts every service; the tree polls, so it may show an earlier partial state for a while.
    const total = Number(new RegExp(`is up: (\\d+)/`).exec(toast)![1]);
    await eventually(`the tree row says running, ${total}/${total} healthy`, 30_000, async () => {
      const a = (await row.getAttribute('aria-label')) ?? '';
      if (!a.endsWith(`running, ${total}/${total} healthy`)) throw new Error(`tree row: ${a}`);
      return a;
    });
    const bar = await eventually('the status bar shows the stack', 30_000, async () => {
      const items = await wb.statusBar();
      const item = items.find((t) => t.includes(`${LAB}: ${total}/${total} healthy`));
      if (!item) throw new Error(`status bar items: ${JSON.stringify(items)}`);
      return item;
    });
    assert.ok(bar);
    const containers = await dockerSaysHealthy(PROJECT, total);
    assert.deepEqual(containers.map((c) => c.service).sort(), ['api', 'db', 'load', 'prometheus', 'provider', 'queue', 'worker']);
    started = true;
    await wb.screenshot('stack-running.png', { mouseAway: true });
  });

  it('(2b) with the stack up, the AI tools stackStatus and queryMetrics return the running stack through vscode.lm.invokeTool', async function () {
    dashboardStep();
    this.timeout(180_000);
    await assertAiToolsWithStack(wb, ws);
  });

  // ---- the dashboard (issue 4) ----
  let view: FrameLocator;
  const chart = (id: string): Locator => view.locator(`.chart[data-panel-id="${id}"]`);
  const count = async (id: string): Promise<number> => Number((await chart(id).getAttribute('data-point-count')) ?? 'NaN');
  const lastValue = async (id: string): Promise<number> => Number((await chart(id).getAttribute('data-last-value')) || 'NaN');
  const faultRow = (): Locator => view.locator(`.fault-row[data-fault-id="${FAULT}"]`);

  /** Tests (3) to (5) need the stack of test (2). */
  function dashboardStep(): void {
    if (!started) throw new Error('needs the running stack of test (2)');
  }

  it('(3) opens from the tree and its charts receive live points (dark and light themes)', async function () {
    dashboardStep();
    this.timeout(240_000);
    traffic = startTraffic(10);
    await wb.clickInlineAction(wb.treeRow(labYaml.title), 'Open Dashboard');
    view = wb.webview();
    await view.locator('#app[data-app-state="ready"]').waitFor({ timeout: 60_000 });
    const ids = await view.locator('.chart[data-panel-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-panel-id')));
    assert.deepEqual([...ids].sort(), [...labYaml.panels.map((p) => p.id), COST_PANEL_ID].sort(), 'one chart per lab panel, and the live cost rate');
    // Live: every chart's point count grows while we watch (a canvas alone proves nothing). The cost rate
    // is full from the start (its PromQL ends in `or vector(0)`, so the whole window has points): its live
    // value is asserted below instead.
    const first = new Map<string, number>();
    const growing = (ids as string[]).filter((id) => id !== COST_PANEL_ID);
    for (const id of growing) first.set(id, await count(id));
    let lagging: string[] = [];
    await eventually('every chart receives new points', 90_000, async () => {
      lagging = [];
      for (const id of growing) if (!((await count(id)) > (first.get(id) ?? 0) && (await count(id)) >= 5)) lagging.push(`${id} (${await count(id)} points, status ${await chart(id).getAttribute('data-status')})`);
      return lagging.length ? undefined : true;
    }, 1000).catch((err: Error) => {
      throw new Error(`${err.message}; still waiting for: ${lagging.join(', ')}`);
    });
    log(`points: ${JSON.stringify(Object.fromEntries(await Promise.all((ids as string[]).map(async (id) => [id, await count(id)]))))}`);
    // The cost panel draws data: the traffic's provider calls and delivery attempts, priced per hour.
    assert.equal(await chart(COST_PANEL_ID).getAttribute('data-status'), 'ok', 'the cost rate has data');
    await eventually('the cost rate is above zero under traffic', 60_000, async () => ((await lastValue(COST_PANEL_ID)) > 0 ? true : undefined), 1000);
    log(`cost rate: ${await lastValue(COST_PANEL_ID)} USD per hour`);
    await eventually('the dashboard shows the stack running', 30_000, async () =>
      (await view.locator('#stack').getAttribute('data-running')) === 'true' ? true : undefined,
    );
    await wb.hidePanel(); // the Output panel of the start: the charts get the height
    await wb.screenshot('dashboard-dark.png', { mouseAway: true });
    await wb.setColorTheme('Light Modern');
    await view.locator('body.vscode-light').waitFor({ timeout: 30_000 });
    await sleep(1500); // charts repaint on the theme change (next animation frames)
    await wb.screenshot('dashboard-light.png', { mouseAway: true });
    // Issue 20: in each high-contrast theme the selected time window is filled and the others are not drawn
    // like it (Dark High Contrast had them the other way round), and a screenshot of each.
    for (const [theme, body, file] of [
      ['Dark High Contrast', 'vscode-high-contrast', 'dashboard-hc-dark.png'],
      ['Light High Contrast', 'vscode-high-contrast-light', 'dashboard-hc-light.png'],
    ] as const) {
      await wb.setColorTheme(theme);
      await view.locator(`body.${body}`).waitFor({ timeout: 30_000 });
      await sleep(1500);
      // vscode-button paints its background on the .base element in its shadow root.
      const looks = await view.locator('[data-window]').evaluateAll((buttons) => {
        const g = globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string }; document: { body: unknown } };
        const page = g.getComputedStyle(g.document.body).backgroundColor;
        return buttons.map((b) => {
          const base = (b as unknown as { shadowRoot: { querySelector(s: string): unknown } | null }).shadowRoot?.querySelector('.base') ?? b;
          const bg = g.getComputedStyle(base).backgroundColor;
          return { pressed: b.getAttribute('aria-pressed') === 'true', bg, filled: bg !== 'rgba(0, 0, 0, 0)' && bg !== 'transparent' && bg !== page };
        });
      });
      const selected = looks.filter((l) => l.pressed);
      assert.equal(selected.length, 1, JSON.stringify(looks));
      assert.ok(selected[0].filled, `${theme}: the selected time window is filled, not drawn like the page (${JSON.stringify(looks)})`);
      for (const l of looks.filter((x) => !x.pressed)) assert.notEqual(l.bg, selected[0].bg, `${theme}: an unselected window looks like the selected one (${JSON.stringify(looks)})`);
      await wb.screenshot(file, { mouseAway: true });
    }
    await wb.setColorTheme('Dark Modern');
    await view.locator('body.vscode-dark').waitFor({ timeout: 30_000 });
  });

  it(`(4) Inject ${FAULT}: a fault band on every chart, and ${AFFECTED_PANEL} moves`, async function () {
    dashboardStep();
    this.timeout(240_000);
    const tab = view.locator('vscode-tab-header[data-tab="faults"]');
    if (await tab.count()) await tab.click();
    // A steady baseline first: traffic has reached the provider for a while.
    const before = await eventually(`${AFFECTED_PANEL} has a non-zero value`, 60_000, async () => {
      const v = await lastValue(AFFECTED_PANEL);
      return v > 0 ? v : undefined;
    }, 1000);
    await faultRow().locator('[data-action="inject"]').click();
    wb.did('Inject');
    await eventually(`${FAULT} is active`, 60_000, async () => {
      const s = await faultRow().getAttribute('data-state');
      if (s === 'failed') throw new Fatal(`${FAULT} failed its verify: ${await faultRow().innerText()}`);
      return s === 'active' ? s : undefined;
    });
    // The real system has the fault, not just the UI.
    assert.equal(((await (await fetch(`${PROVIDER}/admin/faults`)).json()) as { outage?: boolean }).outage, true, 'provider /admin/faults reports the outage');
    await eventually('a fault band on every chart', 30_000, async () => {
      if (Number(await view.locator('#charts').getAttribute('data-band-count')) < 1) return undefined;
      for (const p of labYaml.panels) if (Number(await chart(p.id).getAttribute('data-band-count')) < 1) return undefined;
      return true;
    });
    const after = await eventually(`${AFFECTED_PANEL} changes (before: ${before})`, 90_000, async () => {
      const v = await lastValue(AFFECTED_PANEL);
      return Math.abs(v - before) >= Math.max(1, 0.5 * before) ? v : undefined;
    }, 1000);
    log(`${AFFECTED_PANEL}: ${before} → ${after} during ${FAULT}`);
    await sleep(8_000); // a band a learner can see, not a line at the right edge
    await wb.hidePanel();
    await wb.screenshot('fault-band.png', { mouseAway: true });
  });

  it(`(5) Revert ${FAULT}: inactive again, its band closed`, async function () {
    dashboardStep();
    this.timeout(120_000);
    await faultRow().locator('[data-action="revert"]').click();
    wb.did('Revert');
    await eventually(`${FAULT} is inactive`, 60_000, async () => ((await faultRow().getAttribute('data-state')) === 'inactive' ? true : undefined));
    assert.equal(((await (await fetch(`${PROVIDER}/admin/faults`)).json()) as { outage?: boolean }).outage, false, 'provider /admin/faults reports no outage');
    await view.locator(`.band-list li[data-band-fault-id="${FAULT}"][data-open="false"]`).first().waitFor({ timeout: 30_000 });
    const sent = await traffic?.stop();
    traffic = undefined;
    log(`traffic: ${sent} notifications posted during the dashboard tests`);
  });
  // ---- the learner's loop (learnerLoop.ts), on the same workspace and the same Compose project ----
  it('(loop 2) Run Check on the unchanged copy fails: "attempt 1: fail" under the lab', async function () {
    this.timeout(CHECK_TIMEOUT + 60_000);
    await traffic?.stop(); // in case (5) did not get to it: no load of ours under the checks
    traffic = undefined;
    await checkFailsOnTheCopy(wb, ws);
    await revealHint(wb, ws);
  });

  it('(loop 3) with the fix, Run Check passes: "attempt 2: pass", and the Writeup node unlocks', async function () {
    this.timeout(CHECK_TIMEOUT + 60_000);
    await checkPassesWithTheFix(wb, ws);
  });

  it('(loop 4) Open Writeup opens writeups/<lab>.md with the measured evidence', async function () {
    this.timeout(180_000);
    await openWriteup(wb, ws);
  });

  it('(6) Stop from the tree removes every container, network and volume of the lab', async function () {
    this.timeout(300_000);
    if (!started) throw new Error('needs the running stack of test (2)');
    await traffic?.stop();
    traffic = undefined;
    await wb.openContainer('Break/Fix Labs');
    const row = wb.treeRow(labYaml.title);
    // The stack up now is the last check's (the loop ran on this project): the row shows it running after the
    // learner's status; once stopped, the row is the learner's status alone ("not started" had the loop not run).
    const running = await eventually('the tree row shows the stack running', 60_000, async () => {
      const a = (await row.getAttribute('aria-label')) ?? '';
      return /, stack running, .+$/.test(a) ? a : undefined;
    });
    const stopped = running.replace(/, stack running, .*$/, '');
    assert.match(stopped, new RegExp(`^${labYaml.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, \\w+, (not started|in progress|broken|fixed|written up)$`), `the row without its stack part: ${stopped}`);
    await wb.clearNotifications();
    await wb.clickInlineAction(row, 'Stop Stack', wb.toastOrLog(new RegExp(`Stopping ${LAB}|Stopped ${LAB}`)));
    await wb.waitForNotification(new RegExp(`${LAB} stopped and removed`), 240_000, new RegExp(`Stopping ${LAB} failed`));
    await eventually(`the tree row says "${stopped}", no stack`, 30_000, async () => ((await row.getAttribute('aria-label')) === stopped ? true : undefined));
    assert.deepEqual(projectContainers(), [], 'no container with the project label remains');
    assert.deepEqual(projectLeftovers(), [], 'no container, network or volume with the project label remains');
    // The stack's item ("notification-retry-storm: 7/7 healthy" in (2)); the git branch breakfix/<lab> stays.
    const bar = await wb.statusBar();
    assert.ok(!bar.some((t) => t.includes(`${LAB}: `)), `the status bar no longer shows the stack: ${JSON.stringify(bar)}`);
    started = false;
  });

  it('(7) the README\'s "Your first lab" was driven step by step: every action it names, in its order', function () {
    const actions = firstLabActions();
    const missing = actions.filter((a) => !wb.performed.includes(a));
    assert.deepEqual(missing, [], `README actions this session did not drive (it drove: ${wb.performed.join(', ')})`);
    const firstDone = actions.map((a) => wb.performed.indexOf(a));
    assert.deepEqual(firstDone, [...firstDone].sort((x, y) => x - y), `driven in the README's order: ${actions.join(' → ')}; performed: ${wb.performed.join(', ')}`);
  });
});

/** POSTs notifications to the lab's API at `perSecond` until stopped; resolves the count sent. */
function startTraffic(perSecond: number): { stop(): Promise<number> } {
  let sent = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const t = Date.now();
      await fetch(`${API}/notifications`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ to: `learner+${sent}@example.com`, channel: 'email', body: 'Your order shipped.' }),
        signal: AbortSignal.timeout(5000),
      })
        .then((r) => r.arrayBuffer())
        .then(() => sent++)
        .catch(() => undefined);
      await sleep(Math.max(0, 1000 / perSecond - (Date.now() - t)));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return sent;
    },
  };
}
