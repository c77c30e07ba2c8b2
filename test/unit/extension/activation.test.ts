// Activation is cheap and safe: no core chunk, no dockerode/simple-git/ajv, no child process,
// every disposable owned by the extension, every declared command registered.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createVscodeStub, installVscode } from './vscodeStub';

const ROOT = path.resolve(__dirname, '../../..');
const EXTENSION_JS = path.join(ROOT, 'dist/extension.js');
const CORE_JS = path.join(ROOT, 'dist/core.js');
const APP_JS = path.join(ROOT, 'dist/app.js');
const TEST_HOOK = 'breakfix.testAiTools';
const HEAVY = /[\\/](dockerode|docker-modem|simple-git|ajv)[\\/]/;
const CP_FUNCS = ['spawn', 'exec', 'execFile', 'fork', 'spawnSync', 'execSync', 'execFileSync'] as const;

type CpCall = { fn: string; args: unknown[] };

/** Replaces the child_process functions with recorders that refuse to run anything. */
function spyChildProcess(): { calls: CpCall[]; restore(): void } {
  const calls: CpCall[] = [];
  // The real module object (not an import namespace), which the bundles call through.
  const cp = require('node:child_process') as Record<string, unknown>;
  const originals = new Map(CP_FUNCS.map((f) => [f, cp[f]]));
  for (const f of CP_FUNCS) {
    cp[f] = (...args: unknown[]) => {
      calls.push({ fn: f, args });
      throw new Error(`child_process.${f} called during a test that forbids it`);
    };
  }
  return { calls, restore: () => originals.forEach((v, f) => (cp[f] = v)) };
}

function declaredCommands(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  return pkg.contributes.commands.map((c: { command: string }) => c.command);
}

function forgetBundles(): void {
  delete require.cache[EXTENSION_JS];
  delete require.cache[CORE_JS];
  delete require.cache[APP_JS];
}

/** Loads a fresh dist/extension.js against a fresh vscode stub and activates it. */
function activateFresh(isTrusted = true, opts: { workspaceDir?: string; prepare?: (context: ReturnType<typeof createVscodeStub>['context']) => void } = {}) {
  forgetBundles();
  const stub = createVscodeStub({ isTrusted, extensionPath: ROOT, workspaceDir: opts.workspaceDir });
  opts.prepare?.(stub.context);
  const uninstall = installVscode(stub.api);
  const spy = spyChildProcess();
  const before = new Set(Object.keys(require.cache));
  const ext = require(EXTENSION_JS) as { activate(ctx: unknown): unknown };
  ext.activate(stub.context);
  const loadedByActivation = Object.keys(require.cache).filter((k) => !before.has(k));
  const cleanup = () => {
    for (const d of stub.context.subscriptions) d.dispose();
    spy.restore();
    uninstall();
    forgetBundles();
  };
  return { ...stub, spy, loadedByActivation, cleanup };
}

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

describe('extension activation', function () {
  this.timeout(20_000);
  let cleanup: (() => void) | undefined;
  afterEach(() => {
    cleanup?.();
    cleanup = undefined;
  });

  before(() => {
    assert.ok(fs.existsSync(EXTENSION_JS), 'dist/extension.js is missing: run `node esbuild.mjs` first');
  });

  it('dist/extension.js and dist/app.js do not bundle dockerode, simple-git or ajv', () => {
    for (const file of [EXTENSION_JS, APP_JS]) {
      const text = fs.readFileSync(file, 'utf8');
      for (const marker of ['docker-modem', 'simple-git', 'ajv/dist', 'new Ajv']) {
        assert.ok(!text.includes(marker), `${path.basename(file)} contains "${marker}"`);
      }
    }
    assert.match(fs.readFileSync(APP_JS, 'utf8'), /require\(["']\.\/core\.js["']\)/, 'the core chunk must stay a runtime require');
  });

  it('loads no core chunk, no heavy module and starts no process', async () => {
    const run = activateFresh();
    cleanup = run.cleanup;
    await tick(50); // anything activate() scheduled has had its chance
    assert.ok(!(CORE_JS in require.cache), 'dist/core.js was loaded during activation');
    assert.ok(!(APP_JS in require.cache), 'dist/app.js was loaded during activation (it loads on first use)');
    const heavy = run.loadedByActivation.filter((k) => HEAVY.test(k));
    assert.deepEqual(heavy, [], 'heavy modules loaded during activation');
    assert.deepEqual(run.spy.calls, [], 'child processes started during activation');
    assert.deepEqual(
      run.rec.messages.filter((m) => m.level === 'error'),
      [],
      'activation reported an error',
    );
  });

  it('uses one LogOutputChannel named "Break/Fix Labs"', () => {
    const run = activateFresh();
    cleanup = run.cleanup;
    assert.equal(run.rec.outputChannels.length, 1);
    assert.equal(run.rec.outputChannels[0].name, 'Break/Fix Labs');
    assert.deepEqual(run.rec.outputChannels[0].options, { log: true });
  });

  it('registers every command declared in package.json, and only those (the e2e test hook only with BREAKFIX_TEST_HOOKS=1)', () => {
    const run = activateFresh();
    cleanup = run.cleanup;
    const declared = declaredCommands().sort();
    assert.ok(declared.length >= 8, 'package.json declares the commands');
    assert.deepEqual([...run.rec.commands.keys()].sort(), declared.filter((c) => c !== TEST_HOOK));
    assert.equal(run.rec.contexts.get('breakfix.testHooks'), undefined);
  });

  it('with BREAKFIX_TEST_HOOKS=1, registers the test hook and shows it in the palette (breakfix.testHooks)', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    assert.deepEqual(pkg.contributes.menus.commandPalette.find((m: { command: string }) => m.command === TEST_HOOK), { command: TEST_HOOK, when: 'breakfix.testHooks' });
    process.env.BREAKFIX_TEST_HOOKS = '1';
    try {
      const run = activateFresh();
      cleanup = run.cleanup;
      assert.deepEqual([...run.rec.commands.keys()].sort(), declaredCommands().sort());
      assert.equal(run.rec.contexts.get('breakfix.testHooks'), true);
    } finally {
      delete process.env.BREAKFIX_TEST_HOOKS;
    }
  });

  it('pushes every disposable into context.subscriptions', () => {
    const run = activateFresh();
    const subs = new Set(run.context.subscriptions);
    // Command registrations and the output channel are owned directly...
    for (const d of run.rec.disposables.filter((d) => d.what.startsWith('command') || d.what === 'OutputChannel')) {
      assert.ok(subs.has(d.handle), `${d.what} not in subscriptions`);
    }
    // ...and disposing the subscriptions disposes everything the extension created.
    run.cleanup();
    const leaked = run.rec.disposables.filter((d) => !d.disposed).map((d) => d.what);
    assert.deepEqual(leaked, [], 'not disposed through context.subscriptions');
    assert.ok(run.rec.disposables.length > 10);
  });

  it('the probe can fail: the tree loads the core chunk on first getChildren', async () => {
    const run = activateFresh();
    cleanup = run.cleanup;
    const tree = run.rec.treeViews.get('breakfix.labs');
    assert.ok(tree, 'tree view breakfix.labs was created');
    assert.ok(!(CORE_JS in require.cache));
    const roots = await tree.provider.getChildren();
    assert.ok(Array.isArray(roots));
    assert.ok(CORE_JS in require.cache, 'getChildren() should have loaded dist/core.js');
    assert.deepEqual(run.spy.calls, [], 'the tree made a child-process call while not visible');
  });

  describe("in npm start's learner workspace (.breakfix/workspace.json)", () => {
    const LANDING = ['workbench.view.extension.breakfix', 'workbench.action.openWalkthrough'];
    const landed = (executed: { id: string; args: unknown[] }[]) => executed.filter((e) => LANDING.includes(e.id));
    const learnerWorkspace = (marker = true): string => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'breakfix-landing-'));
      if (marker) {
        fs.mkdirSync(path.join(dir, '.breakfix'));
        fs.writeFileSync(path.join(dir, '.breakfix/workspace.json'), '{ "format": 1 }\n');
      }
      return dir;
    };

    it('package.json activates on the marker that scripts/start.sh writes', () => {
      const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
      assert.ok(pkg.activationEvents.includes('workspaceContains:.breakfix/workspace.json'));
      assert.match(fs.readFileSync(path.join(ROOT, 'scripts/start.sh'), 'utf8'), /\.breakfix\/workspace\.json/);
    });

    it('shows the Labs view, then the walkthrough, on the first open only, loading nothing heavy', async () => {
      const ws = learnerWorkspace();
      const run = activateFresh(true, { workspaceDir: ws });
      cleanup = run.cleanup;
      await tick(50);
      assert.deepEqual(landed(run.rec.executed), [
        { id: 'workbench.view.extension.breakfix', args: [] },
        { id: 'workbench.action.openWalkthrough', args: ['breakfix.breakfix-labs#breakfix.getStarted', false] },
      ]);
      assert.ok(!(APP_JS in require.cache), 'landing needs no app chunk');
      assert.deepEqual(run.spy.calls, []);
      const state = run.context.workspaceState;
      run.cleanup();
      const again = activateFresh(true, { workspaceDir: ws, prepare: (c) => (c.workspaceState = state) });
      cleanup = again.cleanup;
      await tick(50);
      assert.deepEqual(landed(again.rec.executed), [], 'the second open keeps the layout the learner left');
      fs.rmSync(ws, { recursive: true, force: true });
    });

    it('does nothing in any other workspace, or without one', async () => {
      const ws = learnerWorkspace(false);
      for (const workspaceDir of [ws, undefined]) {
        const run = activateFresh(true, { workspaceDir });
        await tick(50);
        assert.deepEqual(landed(run.rec.executed), []);
        run.cleanup();
      }
      fs.rmSync(ws, { recursive: true, force: true });
    });
  });

  describe('in an untrusted workspace', () => {
    it('startStack runs nothing and explains Restricted Mode', async () => {
      const run = activateFresh(false);
      cleanup = run.cleanup;
      const start = run.rec.commands.get('breakfix.startStack');
      assert.ok(start);
      await start('notification-retry-storm');
      await tick(10);
      assert.deepEqual(run.spy.calls, []);
      assert.ok(!(CORE_JS in require.cache), 'the core chunk is not even needed to refuse');
      const warning = run.rec.messages.find((m) => /restricted mode/i.test(m.text));
      assert.ok(warning, `no Restricted Mode message in ${JSON.stringify(run.rec.messages)}`);
      assert.ok(warning.actions.includes('Manage Workspace Trust'));
    });

    it('every Docker command refuses the same way', async () => {
      const run = activateFresh(false);
      cleanup = run.cleanup;
      for (const id of ['breakfix.stopStack', 'breakfix.showLogs', 'breakfix.runDoctor']) {
        await run.rec.commands.get(id)!();
      }
      assert.deepEqual(run.spy.calls, []);
      assert.equal(run.rec.messages.filter((m) => /restricted mode/i.test(m.text)).length, 3);
    });

    it('the visible tree shows a Restricted Mode node and does not poll Docker', async () => {
      const run = activateFresh(false);
      cleanup = run.cleanup;
      const tree = run.rec.treeViews.get('breakfix.labs')!;
      tree.view.fireVisibility(true);
      const roots = await tree.provider.getChildren();
      await tick(100); // the first poll tick is scheduled at once when visible
      const first = tree.provider.getTreeItem(roots[0]) as { label: string; command?: { command: string } };
      assert.match(first.label, /Restricted mode/);
      assert.equal(first.command?.command, 'workbench.trust.manage');
      assert.deepEqual(run.spy.calls, []);
    });
  });
});
