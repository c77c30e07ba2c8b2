// Restricted Mode: in a workspace that is not trusted, Start refuses with an explanation and no
// container is created. code-server runs without --disable-workspace-trust, workspace trust is on
// without its startup prompt, and the folder is new (never trusted): VS Code opens it restricted.
// Screenshot: test-results/e2e/restricted.png
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import {
  CodeServer,
  LAB,
  PROJECT_LABEL,
  cliDown,
  Workbench,
  commandTitle,
  lab1Lock,
  log,
  packageVsix,
  projectContainers,
  repo,
  requirePrerequisites,
  sleep,
  tempFolder,
} from './harness';

const title = (parseYaml(readFileSync(resolve(repo, 'labs', LAB, 'lab.yaml'), 'utf8')) as { title: string }).title;
/** What src/extension/trust.ts tells the learner (RESTRICTED_REASON), after "Start Stack: ". */
const REFUSAL = /^Start Stack: Docker is disabled in Restricted Mode: a lab stack builds and runs code from this workspace, which is not trusted\. Trust the workspace to use Docker\./;

describe('e2e: Restricted Mode (untrusted workspace)', function () {
  let cs: CodeServer | undefined;
  let wb: Workbench;
  let failed = false;

  before(async function () {
    requirePrerequisites(this, { engine: true });
    const vsix = packageVsix();
    // "No container is created" is only meaningful while nobody else may start lab 1.
    await lab1Lock(); // held until this process exits
    if (projectContainers().length > 0) {
      log('a lab 1 stack is left over from an aborted run: taking it down first');
      cliDown();
    }
    cs = await CodeServer.start({ name: 'restricted', folder: tempFolder('untrusted', { 'README.md': '# Someone else\'s repository\n' }), trusted: false, vsixes: [vsix] });
    wb = await Workbench.open(cs);
  });

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed' || !wb) return;
    failed = true;
    await wb.screenshot('failed-restricted.png').catch(() => undefined);
  });

  after(async function () {
    if (cs && failed) log(`logs saved to ${cs.saveLogs('restricted')}`);
    await wb?.close();
    await cs?.stop();
  });

  it('the workspace is in Restricted Mode and the labs can still be browsed', async function () {
    await wb.page.locator('.part.statusbar', { hasText: 'Restricted Mode' }).waitFor({ timeout: 60_000 });
    await wb.openContainer('Break/Fix Labs');
    await wb.treeRow(title).waitFor({ timeout: 60_000 });
  });

  it('Start (tree and palette) refuses with an explanation, and no container is created', async function () {
    this.timeout(180_000);
    const before = projectContainers();
    assert.deepEqual(before, [], `containers with ${PROJECT_LABEL} before the test: ${JSON.stringify(before)}`);

    // From the tree, as a learner would.
    await wb.clickInlineAction(wb.treeRow(title), 'Start Stack', wb.toastOrLog(/Restricted Mode/));
    const fromTree = await wb.waitForNotification(/Restricted Mode/, 30_000);
    assert.match(fromTree, REFUSAL);
    const manage = wb.page.locator('.notifications-toasts .notification-list-item', { hasText: 'Restricted Mode' }).locator('.monaco-button', { hasText: 'Manage Workspace Trust' });
    assert.ok((await manage.count()) >= 1, 'the refusal offers the way out: a "Manage Workspace Trust" button');
    await wb.screenshot('restricted.png');

    // From the command palette.
    await wb.clearNotifications();
    await wb.runCommand(commandTitle('breakfix.startStack'));
    const fromPalette = await wb.waitForNotification(/Restricted Mode/, 30_000);
    assert.match(fromPalette, REFUSAL);

    // Nothing reaches Docker, now or a little later.
    for (let i = 0; i < 5; i++) {
      assert.deepEqual(projectContainers(), [], `a container with ${PROJECT_LABEL} appeared`);
      await sleep(1000);
    }
    const output = wb.outputChannel();
    assert.doesNotMatch(output, /Starting notification-retry-storm/, 'the extension logged no start');
  });
});
