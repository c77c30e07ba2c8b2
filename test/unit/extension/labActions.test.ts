// A lab row's actions in the Labs tree, through the built bundles (dist/extension.js → app.js → core.js)
// against the vscode stub: which lab a command acts on, while the tree refreshes and for every argument
// shape. The e2e failure this pins: "Open Dashboard" on the transactional-outbox row, its stack 7/7
// healthy, opened "Pick a lab" on a busy machine.
//
// What VS Code passes to an inline (or context menu) action of a tree row is not the row's element but
// `{ $treeViewId, $treeItemHandle }`, which the extension host turns back into the element registered under
// that handle, or `undefined` when none is (extHostTreeViews.ts: `_convertArgument` →
// `getExtensionElement(handle)`). A refresh of the root unregisters every handle at once (`_refresh` →
// `_addAllToClear`), a refresh of an element only its descendants' (`_refreshNode` → `_addChildrenToClear`);
// they come back when the view has fetched the children again, which on a busy machine takes a while.
// `ExtHostTree` below replays that bookkeeping against the extension's tree data provider.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { createVscodeStub, installVscode } from './vscodeStub';

const ROOT = path.resolve(__dirname, '../../..');
const BUNDLES = ['extension.js', 'app.js', 'core.js'].map((f) => path.join(ROOT, 'dist', f));
const LAB = 'transactional-outbox';
const LAB_YAML = parse(fs.readFileSync(path.join(ROOT, 'labs', LAB, 'lab.yaml'), 'utf8')) as { title: string };
const COMPOSE = parse(fs.readFileSync(path.join(ROOT, 'labs', LAB, 'compose.yaml'), 'utf8')) as { services: Record<string, { profiles?: string[] }> };
const SERVICES = Object.entries(COMPOSE.services).filter(([, s]) => !s.profiles).map(([name]) => name);
const HANDLE = `1/lab:${LAB}`; // what VS Code derives from TreeItem.id

type Item = { id?: string; label: string; contextValue?: string; collapsibleState: number; accessibilityInformation?: { label: string } };
interface Provider {
  getChildren(n?: unknown): Promise<unknown[]>;
  getTreeItem(n: unknown): Item;
  onDidChangeTreeData(l: (e: unknown) => void): { dispose(): void };
}

/** VS Code's extension-host side of a tree view, reduced to what decides an inline action's argument. */
class ExtHostTree {
  private readonly elements = new Map<string, unknown>();
  private readonly nodes = new Map<unknown, { handle: string; children: unknown[] }>();
  private pending: unknown[] = [];
  /** Every refresh VS Code was asked for: "root", or the handle of an element refreshed in place. */
  readonly refreshes: string[] = [];

  constructor(private readonly provider: Provider) {
    provider.onDidChangeTreeData((e) => this.changed(e));
  }

  /** What the extension host hands a command run from the row with this handle. */
  argFor(handle: string): unknown {
    return this.elements.get(handle);
  }

  /** The view fetches what a refresh invalidated (on a busy machine, some time after the refresh). */
  async settle(): Promise<void> {
    const parents = this.pending;
    this.pending = [];
    for (const p of parents) await this.fetch(p);
  }

  async fetch(parent?: unknown): Promise<void> {
    for (const child of await this.provider.getChildren(parent)) {
      const item = this.provider.getTreeItem(child);
      assert.ok(item.id, `"${item.label}" has a TreeItem.id, so its handle survives a refresh`);
      const handle = `1/${item.id}`;
      this.elements.set(handle, child);
      this.nodes.set(child, { handle, children: [] });
      if (parent !== undefined) this.nodes.get(parent)?.children.push(child);
      if (item.collapsibleState === 2) await this.fetch(child);
    }
  }

  private changed(e: unknown): void {
    if (e === undefined || e === null) {
      this.refreshes.push('root');
      this.elements.clear();
      this.nodes.clear();
      this.pending = [undefined];
      return;
    }
    for (const element of Array.isArray(e) ? e : [e]) {
      const node = this.nodes.get(element);
      if (!node) continue; // VS Code ignores an element it does not know
      this.refreshes.push(node.handle);
      this.clearChildren(node);
      this.pending.push(element);
    }
  }

  private clearChildren(node: { children: unknown[] }): void {
    for (const child of node.children) {
      const c = this.nodes.get(child);
      if (!c) continue;
      this.clearChildren(c);
      this.elements.delete(c.handle);
      this.nodes.delete(child);
    }
    node.children = [];
  }
}

/** A Docker engine on a unix socket that knows one thing: the containers of each Compose project. */
function fakeEngine(socketPath: string, projects: Map<string, { service: string; health: string }[]>): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://engine');
    res.setHeader('content-type', 'application/json');
    if (url.pathname.endsWith('/_ping')) return res.end('OK');
    if (url.pathname.endsWith('/containers/json')) {
      const labels: string[] = JSON.parse(url.searchParams.get('filters') ?? '{}').label ?? [];
      const project = labels.map((l) => /^com\.docker\.compose\.project=(.+)$/.exec(l)?.[1]).find(Boolean) ?? '';
      const list = (projects.get(project) ?? []).map((c) => ({
        Id: `${project}-${c.service}`,
        Names: [`/${project}-${c.service}-1`],
        Labels: { 'com.docker.compose.project': project, 'com.docker.compose.service': c.service },
        State: 'running',
        Status: `Up 1 minute (${c.health === 'starting' ? 'health: starting' : c.health})`,
        Ports: [],
      }));
      return res.end(JSON.stringify(list));
    }
    const inspect = /\/containers\/([^/]+)\/json$/.exec(url.pathname);
    if (inspect) {
      const id = decodeURIComponent(inspect[1]);
      const c = [...projects].flatMap(([p, cs]) => cs.map((x) => ({ id: `${p}-${x.service}`, ...x }))).find((x) => x.id === id);
      if (!c) return res.writeHead(404).end(JSON.stringify({ message: 'no such container' }));
      return res.end(JSON.stringify({ Id: id, State: { Status: 'running', Health: { Status: c.health } }, Config: { Tty: false } }));
    }
    res.writeHead(404).end(JSON.stringify({ message: `not faked: ${req.method} ${req.url}` }));
  });
  return new Promise((resolve) => server.listen(socketPath, () => resolve(server)));
}

function activate(isTrusted: boolean, workspaceDir?: string) {
  for (const b of BUNDLES) delete require.cache[b];
  const stub = createVscodeStub({ isTrusted, extensionPath: ROOT, workspaceDir });
  const api = stub.api as unknown as Record<string, any>;
  const panels: { title: string }[] = [];
  api.Uri.joinPath = (base: { fsPath: string }, ...parts: string[]) => api.Uri.file(path.join(base.fsPath, ...parts));
  api.window.createWebviewPanel = (_viewType: string, title: string) => {
    const panel = {
      title,
      webview: { html: '', cspSource: 'vscode-resource:', asWebviewUri: (u: unknown) => u, postMessage: () => Promise.resolve(true), onDidReceiveMessage: () => ({ dispose() {} }) },
      onDidChangeViewState: () => ({ dispose() {} }),
      onDidDispose: () => ({ dispose() {} }),
      reveal() {},
      dispose() {},
      visible: true,
    };
    panels.push(panel);
    return panel;
  };
  (stub.context as Record<string, unknown>).extensionUri = api.Uri.file(ROOT);
  const uninstall = installVscode(api);
  (require(BUNDLES[0]) as { activate(ctx: unknown): void }).activate(stub.context);
  const labs = stub.rec.treeViews.get('breakfix.labs')!;
  const tree = new ExtHostTree(labs.provider as unknown as Provider);
  const run = (id: string, ...args: unknown[]) => stub.rec.commands.get(id)!(...args) as Promise<void>;
  const cleanup = () => {
    for (const d of stub.context.subscriptions) d.dispose();
    uninstall();
    for (const b of BUNDLES) delete require.cache[b];
  };
  return { ...stub, labs, tree, panels, run, cleanup };
}

type Run = ReturnType<typeof activate>;

const tick = (ms = 10) => new Promise((r) => setTimeout(r, ms));

async function eventually<T>(what: string, fn: () => T | undefined | Promise<T | undefined>, timeoutMs = 5_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await tick(20);
  }
}

/** The quick picks shown, by placeholder ("Pick a lab"). */
const picks = (run: Run) => run.rec.quickPicks.map((q) => q.options.placeHolder);

/** The lab's row as the view shows it now. */
function labRow(run: Run): Item | undefined {
  const node = run.tree.argFor(HANDLE);
  return node ? run.labs.provider.getTreeItem(node) as Item : undefined;
}

describe('extension: a lab row\'s actions', function () {
  this.timeout(20_000);
  let run: Run | undefined;
  afterEach(() => {
    run?.cleanup();
    run = undefined;
  });
  before(() => assert.ok(fs.existsSync(BUNDLES[1]), 'dist/app.js is missing: run `npm run build` first'));

  describe('while the status poller refreshes the tree', () => {
    let dir: string;
    let engine: Server;
    const projects = new Map<string, { service: string; health: string }[]>();
    const savedHost = process.env.DOCKER_HOST;
    before(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bf-labactions-'));
      engine = await fakeEngine(path.join(dir, 'docker.sock'), projects);
      process.env.DOCKER_HOST = `unix://${path.join(dir, 'docker.sock')}`;
    });
    after(() => {
      engine.close();
      if (savedHost === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = savedHost;
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('Open Dashboard on a lab whose stack just turned healthy opens that lab\'s dashboard, never "Pick a lab"', async () => {
      projects.set(`breakfix-${LAB}`, SERVICES.map((service) => ({ service, health: 'starting' })));
      run = activate(true);
      await run.tree.fetch(); // the view's first load: loads app.js and the catalogue
      run.labs.view.fireVisibility(true); // the poller starts and polls at once
      const starting = await eventually('the row shows the stack starting', async () => {
        await run!.tree.settle();
        const row = labRow(run!);
        return row?.contextValue?.startsWith('lab.running') ? row : undefined;
      });
      assert.match(starting.accessibilityInformation!.label, new RegExp(`0/${SERVICES.length} healthy`));
      await tick(600); // the refresh that followed has settled
      await run.tree.settle();
      const refreshesBefore = run.tree.refreshes.length;

      // The stack turns healthy; the poller's next tick (the view hidden and shown polls at once) refreshes the row.
      projects.set(`breakfix-${LAB}`, SERVICES.map((service) => ({ service, health: 'healthy' })));
      run.labs.view.fireVisibility(false);
      run.labs.view.fireVisibility(true);
      await eventually('the tree to be refreshed', () => run!.tree.refreshes.length > refreshesBefore);

      // The learner clicks the row's inline "Open Dashboard" before the view has fetched anything again
      // (VS Code passes the converted handle, then the multi-selection: undefined).
      await run.run('breakfix.openDashboard', run.tree.argFor(HANDLE), undefined);
      assert.deepEqual(picks(run), [], 'no "Pick a lab"');
      assert.equal(run.panels.length, 1, 'the dashboard opens');
      assert.ok(run.panels[0].title.includes(LAB_YAML.title), run.panels[0].title);
      assert.deepEqual(run.rec.messages.filter((m) => m.level === 'error'), []);
      assert.deepEqual(run.tree.refreshes.slice(refreshesBefore), [HANDLE], 'only the lab\'s row is refreshed; its parents keep their handles');
      await run.tree.settle();
      assert.match(labRow(run)!.accessibilityInformation!.label, new RegExp(`${SERVICES.length}/${SERVICES.length} healthy`));
    });
  });

  describe('in Restricted Mode (no Docker)', () => {
    it('selecting a row changes nothing in the Labs tree, so it is not refreshed', async () => {
      run = activate(false);
      await run.tree.fetch();
      await tick(600);
      await run.tree.settle();
      const before = run.tree.refreshes.length;
      run.labs.view.fireSelection([run.tree.argFor(HANDLE)]); // the Notes view follows the selection
      await tick(600);
      assert.deepEqual(run.tree.refreshes.slice(before), []);
    });

    it('a new attempt refreshes only its lab\'s row, whose children then show it; Start Lab (new children) refreshes the tree', async () => {
      const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'bf-labactions-ws-'));
      try {
        fs.mkdirSync(path.join(ws, 'labs', LAB), { recursive: true });
        const progressFile = path.join(ws, '.breakfix', 'progress.json');
        const progress = (attempts: unknown[]) => {
          fs.mkdirSync(path.dirname(progressFile), { recursive: true });
          const lab = { status: 'broken', attempts, hintsRevealed: 0, notes: [], startedAt: '2026-05-01T09:00:00.000Z', updatedAt: '2026-05-01T10:00:00.000Z' };
          fs.writeFileSync(progressFile, JSON.stringify({ version: 1, labs: { [LAB]: lab } }));
        };
        progress([]);
        run = activate(false, ws);
        await run.tree.fetch();
        await tick(600);
        await run.tree.settle();
        const before = run.tree.refreshes.length;
        progress([{ n: 1, verdict: 'fail', failed: ['x'], at: '2026-05-01T10:00:00.000Z' }]);
        run.rec.fileChanged(progressFile);
        await eventually('the tree to be refreshed', () => run!.tree.refreshes.length > before);
        const row = `1/lab:${LAB}:started`;
        assert.deepEqual(run.tree.refreshes.slice(before), [row]);
        assert.ok(run.tree.argFor(row), 'the row keeps its handle');
        assert.equal(run.tree.argFor(`1/attempts:${LAB}`), undefined, 'its children are fetched again');
        await run.tree.settle();
        assert.ok(run.tree.argFor(`1/attempt:${LAB}:1`), 'the new attempt is shown');

        // Another lab gains children (started): a new row id, so the whole tree is refreshed.
        const other = fs.readdirSync(path.join(ROOT, 'labs')).find((d) => d !== LAB && fs.existsSync(path.join(ROOT, 'labs', d, 'lab.yaml')))!;
        fs.mkdirSync(path.join(ws, 'labs', other), { recursive: true });
        const count = run.tree.refreshes.length;
        run.rec.fileChanged(progressFile);
        await eventually('the tree to be refreshed', () => run!.tree.refreshes.length > count);
        assert.deepEqual(run.tree.refreshes.slice(count), ['root']);
      } finally {
        fs.rmSync(ws, { recursive: true, force: true });
      }
    });

    it('a lab node obtained before the labs were reloaded still opens its lab', async () => {
      run = activate(false);
      await run.tree.fetch();
      const old = run.tree.argFor(HANDLE);
      assert.ok(old);
      await run.run('breakfix.refreshLabs');
      await run.run('breakfix.openDashboard', old, undefined);
      assert.deepEqual(picks(run), []);
      assert.equal(run.panels.length, 1);
      assert.ok(run.panels[0].title.includes(LAB_YAML.title));
    });

    it('the first command (app.js not loaded yet) receives the row argument: a node carrying only the lab id', async () => {
      run = activate(false);
      await run.run('breakfix.openDashboard', { kind: 'lab', labId: LAB }, undefined);
      assert.deepEqual(picks(run), []);
      assert.equal(run.panels.length, 1);
      assert.ok(run.panels[0].title.includes(LAB_YAML.title));
    });

    it('a note node (the Notes view) resolves to its lab', async () => {
      run = activate(false);
      await run.run('breakfix.openDashboard', { kind: 'note', labId: LAB, note: { text: 'x', tags: [], at: '2026-01-01T00:00:00.000Z' } });
      assert.deepEqual(picks(run), []);
      assert.equal(run.panels.length, 1);
    });

    it('an argument that names no lab is reported, never answered with "Pick a lab"', async () => {
      run = activate(false);
      await run.run('breakfix.openDashboard', { kind: 'message', id: 'engine', label: 'Docker engine not reachable' });
      await run.run('breakfix.openDashboard', { something: 'else' });
      await run.run('breakfix.openDashboard', 'no-such-lab');
      assert.deepEqual(picks(run), [], 'no quick pick for an argument that was given');
      assert.equal(run.panels.length, 0);
      const errors = run.rec.messages.filter((m) => m.level === 'error').map((m) => m.text);
      assert.equal(errors.length, 3, JSON.stringify(errors));
      assert.match(errors[0], /^Open Dashboard: .*not a lab/);
      assert.match(errors[1], /^Open Dashboard: .*not a lab/);
      assert.match(errors[2], /there is no lab "no-such-lab"/);
    });

    it('with no argument (Command Palette) it asks which lab', async () => {
      run = activate(false);
      run.rec.answers.quickPick.push(LAB_YAML.title);
      await run.run('breakfix.openDashboard');
      assert.equal(run.rec.quickPicks.length, 1);
      assert.equal(run.rec.quickPicks[0].options.placeHolder, 'Pick a lab');
      assert.equal(run.panels.length, 1);
    });
  });
});
