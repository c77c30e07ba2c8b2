// Every lab besides lab 1 (which lab1.test.ts covers in depth), in a real VS Code (code-server) in Chromium,
// on the real engine: listed in the tree, Start from the tree brings its stack up healthy, the dashboard opens
// with one chart per panel and its charts draw the lab's own load live, Stop leaves nothing.
// Which labs a run walks: the changed ones and one in turn (see labsThisRun); BREAKFIX_E2E_LABS=all walks every
// lab, BREAKFIX_E2E_LABS=a,b walks those.
// Screenshots: test-results/e2e/dashboard-<lab>.png
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync } from 'node:fs';
import { labsInTurn } from '../support/labsInTurn';
import { join, resolve } from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { loadCatalogue } from '../../src/core/labs/catalogue';
import type { LabEntry } from '../../src/core/labs/types';
import { dashboardPanels } from '../../src/core/cost/model';
import { loadUrl, startLoad as startLoadRun, stopLoad } from '../../src/core/checker/load';
import { projectName, stackStatus } from '../../src/core/runtime/stack';
import {
  CodeServer,
  LAB,
  Workbench,
  cliDown,
  closeSession,
  eventually,
  lab1Lock,
  log,
  packageVsix,
  dockerSaysHealthy,
  projectContainers,
  recordFailure,
  projectLeftovers,
  repo,
  requirePrerequisites,
  tempFolder,
} from './harness';

/** The most changed labs one run walks (with the proof budget, this bounds a CI run; the rest follow in turn). */
const MAX_CHANGED = 3;

/** The lab's own load generator, gently: enough to draw every traffic chart, not a stress test. */
const LOAD = { requests: 300, rate: 10 };

describe('e2e: every other lab starts and opens on the dashboard', function () {
  let cs: CodeServer | undefined;
  let wb: Workbench;
  let labs: LabEntry[] = [];
  let failed = false;

  before(async function () {
    requirePrerequisites(this, { engine: true });
    const catalogue = await loadCatalogue(resolve(repo, 'labs'));
    assert.deepEqual(catalogue.problems, [], 'every bundled lab loads');
    labs = catalogue.labs.filter((l) => l.lab.id !== LAB);
    assert.ok(labs.length >= 2, `labs besides ${LAB}: ${labs.map((l) => l.lab.id).join(', ')}`);
    const vsix = packageVsix();
    await lab1Lock(); // one stack at a time on this machine; held until this process exits
    for (const l of labs) if (projectContainers(projectName(l.lab.id)).length > 0) assert.equal(cliDown(l.lab.id).code, 0, `breakfix down ${l.lab.id}`);
    cs = await CodeServer.start({ name: 'labs', folder: tempFolder('labs'), trusted: true, vsixes: [vsix] });
    wb = await Workbench.open(cs);
  });

  afterEach(async function () {
    if (await recordFailure(this.currentTest, wb, 'labs', 25)) failed = true;
  });

  after(async function () {
    this.timeout(360_000);
    await closeSession(cs, wb, 'labs', failed);
    for (const l of labs) if (projectContainers(projectName(l.lab.id)).length > 0) cliDown(l.lab.id);
  });

  it('the tree lists every bundled lab', async function () {
    await wb.openContainer('Break/Fix Labs');
    await wb.treeRow(labs[0].lab.title).waitFor({ timeout: 60_000 });
    const rows = (await wb.treeRows()).map((r) => r.aria);
    for (const l of labs) assert.ok(rows.some((a) => a.startsWith(`${l.lab.title}, `) || a.startsWith(l.lab.title)), `a row for "${l.lab.title}": ${JSON.stringify(rows)}`);
  });

  // One test per lab, generated from the catalogue in the `before` hook's data: a lab added later is covered.
  for (const id of labsThisRun()) {
    it(`${id}: Start → healthy, the dashboard draws its load live, Stop leaves nothing`, async function () {
      this.timeout(600_000);
      const entry = labs.find((l) => l.lab.id === id)!;
      const project = projectName(id);
      const row = wb.treeRow(entry.lab.title);
      await wb.openContainer('Break/Fix Labs');
      await wb.clearNotifications();
      const t0 = Date.now();
      await wb.clickInlineAction(row, 'Start Stack', wb.toastOrLog(new RegExp(`Starting ${id}`)));
      const toast = await wb.waitForNotification(new RegExp(`${id} is up: (\\d+)/\\1 healthy`), 540_000, new RegExp(`Starting ${id} failed`));
      log(`"${toast}" after ${((Date.now() - t0) / 1000).toFixed(0)} s`);
      await dockerSaysHealthy(project, Number(/is up: (\d+)\//.exec(toast)![1]));

      const load = startLoad(entry);
      try {
        await wb.clickInlineAction(row, 'Open Dashboard');
        const view: FrameLocator = wb.webview();
        await view.locator('#app[data-app-state="ready"]').waitFor({ timeout: 60_000 });
        const ids = (await view.locator('.chart[data-panel-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-panel-id')))) as string[];
        assert.deepEqual([...ids].sort(), dashboardPanels(entry.lab).map((p) => p.id).sort(), 'one chart per lab panel, and the live cost rate');
        const chart = (p: string) => view.locator(`.chart[data-panel-id="${p}"]`);
        const status = async () => Object.fromEntries(await Promise.all(ids.map(async (p) => [p, (await chart(p).getAttribute('data-status')) ?? ''])));
        const points = async (p: string) => Number((await chart(p).getAttribute('data-point-count')) ?? 'NaN');
        // Live: every chart has data and none a query error, the first panel (every lab's request rate) keeps
        // receiving points, and some chart shows the load as a non-zero value.
        const first = entry.lab.panels[0].id;
        const before = await points(first);
        const seen = await eventually(`every chart has data, "${first}" receives points, the load shows`, 120_000, async () => {
          const s = await status();
          const errors = Object.entries(s).filter(([, v]) => v === 'error');
          if (errors.length) throw new Error(`charts with a query error: ${errors.map(([p]) => p).join(', ')}`);
          const lasts = await Promise.all(ids.map(async (p) => Number((await chart(p).getAttribute('data-last-value')) || 'NaN')));
          const allData = Object.values(s).every((v) => v === 'ok');
          return allData && (await points(first)) >= Math.max(5, before + 3) && lasts.some((v) => v > 0) ? s : undefined;
        }, 1000);
        log(`${id}: chart status ${JSON.stringify(seen)}`);
        assert.equal((await view.locator('#stack').getAttribute('data-running')), 'true', 'the dashboard shows the stack running');
        await wb.hidePanel();
        await wb.screenshot(`dashboard-${id}.png`, { mouseAway: true });
      } finally {
        await load.abort();
      }

      await wb.runCommand('View: Close All Editors');
      await wb.clearNotifications();
      await wb.clickInlineAction(row, 'Stop Stack', wb.toastOrLog(new RegExp(`Stopping ${id}|Stopped ${id}`)));
      await wb.waitForNotification(new RegExp(`${id} stopped and removed`), 240_000, new RegExp(`Stopping ${id} failed`));
      assert.deepEqual(projectLeftovers(project), [], 'no container, network or volume of the lab remains');
    });
  }
});

/**
 * The labs besides lab 1 that this run walks (test/support/labsInTurn.ts): the changed ones, at most
 * MAX_CHANGED, and one in turn. Not every lab on every run: at 20 labs that would cost a quarter of an hour,
 * and each lab's proof (every case in every 4 runs) already starts its stack and requires every panel to draw
 * data; the walk adds the UI path, which is the same code for every lab.
 */
function labsThisRun(): string[] {
  const dir = resolve(repo, 'labs');
  const ids = readdirSync(dir).filter((d) => existsSync(join(dir, d, 'lab.yaml')) && !d.startsWith('_') && d !== LAB);
  const turn = labsInTurn(ids, { envVar: 'BREAKFIX_E2E_LABS', maxChanged: MAX_CHANGED });
  console.log(`      [e2e] walking ${turn.why}`);
  return turn.ids;
}

/** Starts a run of the lab's own load service (as the checker does) and stops it on abort. */
function startLoad(entry: LabEntry): { abort(): Promise<void> } {
  const url = (async () => loadUrl(entry, await stackStatus(entry, {})))();
  const run = url.then((u) => startLoadRun(u, LOAD.requests, LOAD.rate));
  run.catch((err: Error) => log(`load of ${entry.lab.id} did not start: ${err.message}`));
  return {
    abort: async () => {
      const [u, r] = await Promise.all([url, run]).catch(() => [undefined, undefined] as const);
      if (u && r) await stopLoad(u, r.id).catch(() => undefined);
    },
  };
}
