// breakfix.openDashboard through the built extension (dist/extension.js) against a vscode stub
// that also knows webview panels: the panel's options, its HTML, the message flow, the serializer.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import type { HostMessage } from '../../../src/extension/webviews/dashboard/protocol';
import { createVscodeStub, installVscode } from './vscodeStub';

const ROOT = path.resolve(__dirname, '../../..');
const EXTENSION_JS = path.join(ROOT, 'dist/extension.js');
const CORE_JS = path.join(ROOT, 'dist/core.js');
const APP_JS = path.join(ROOT, 'dist/app.js');
const LAB = 'notification-retry-storm';

type Listener<T> = (e: T) => void;

interface FakePanel {
  viewType: string;
  title: string;
  showOptions: { viewColumn: number; preserveFocus?: boolean };
  options: { enableScripts?: boolean; retainContextWhenHidden?: boolean; localResourceRoots?: { fsPath: string }[] };
  visible: boolean;
  disposed: boolean;
  iconPath?: unknown;
  revealed: number;
  webview: {
    options: { enableScripts?: boolean; localResourceRoots?: { fsPath: string }[]; enableCommandUris?: boolean };
    html: string;
    cspSource: string;
    posted: HostMessage[];
    asWebviewUri(u: { fsPath: string }): { toString(): string };
    postMessage(m: HostMessage): Promise<boolean>;
    onDidReceiveMessage(l: Listener<unknown>): { dispose(): void };
  };
  /** What the webview would send. */
  send(msg: unknown): void;
  onDidChangeViewState(l: Listener<unknown>): { dispose(): void };
  onDidDispose(l: Listener<void>): { dispose(): void };
  reveal(): void;
  dispose(): void;
}

function fakePanel(viewType: string, title: string, showOptions: FakePanel['showOptions'], options: FakePanel['options'] = {}): FakePanel {
  const received: Listener<unknown>[] = [];
  const disposed: Listener<void>[] = [];
  const sub = <T>(list: Listener<T>[], l: Listener<T>) => {
    list.push(l);
    return { dispose: () => void list.splice(list.indexOf(l), 1) };
  };
  const panel: FakePanel = {
    viewType,
    title,
    showOptions,
    options,
    visible: true,
    disposed: false,
    revealed: 0,
    webview: {
      options: {},
      html: '',
      cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
      posted: [],
      asWebviewUri: (u) => ({ toString: () => `https://file+.vscode-resource.vscode-cdn.net${u.fsPath}` }),
      postMessage(m) {
        this.posted.push(JSON.parse(JSON.stringify(m)));
        return Promise.resolve(true);
      },
      onDidReceiveMessage: (l) => sub(received, l),
    },
    send: (msg) => received.forEach((l) => l(msg)),
    onDidChangeViewState: () => ({ dispose() {} }),
    onDidDispose: (l) => sub(disposed, l),
    reveal() {
      panel.revealed++;
    },
    dispose() {
      if (panel.disposed) return;
      panel.disposed = true;
      disposed.forEach((l) => l());
    },
  };
  return panel;
}

function activate(isTrusted: boolean) {
  for (const k of [EXTENSION_JS, APP_JS, CORE_JS]) delete require.cache[k];
  const stub = createVscodeStub({ isTrusted, extensionPath: ROOT });
  const api = stub.api as unknown as Record<string, any>;
  const panels: FakePanel[] = [];
  const serializers = new Map<string, { deserializeWebviewPanel(p: unknown, state: unknown): Promise<void> }>();
  api.ViewColumn = { Active: -1, Beside: -2, One: 1, Two: 2 };
  api.Uri.joinPath = (base: { fsPath: string }, ...parts: string[]) => api.Uri.file(path.join(base.fsPath, ...parts));
  api.window.createWebviewPanel = (viewType: string, title: string, show: FakePanel['showOptions'], options: FakePanel['options']) => {
    const p = fakePanel(viewType, title, show, options);
    panels.push(p);
    return p;
  };
  api.window.registerWebviewPanelSerializer = (viewType: string, serializer: never) => {
    serializers.set(viewType, serializer);
    return { dispose: () => serializers.delete(viewType) };
  };
  (stub.context as Record<string, unknown>).extensionUri = api.Uri.file(ROOT);
  const uninstall = installVscode(api);
  const ext = require(EXTENSION_JS) as { activate(ctx: unknown): void };
  ext.activate(stub.context);
  const cleanup = () => {
    for (const d of stub.context.subscriptions) d.dispose();
    uninstall();
    for (const k of [EXTENSION_JS, APP_JS, CORE_JS]) delete require.cache[k];
  };
  return { ...stub, panels, serializers, cleanup };
}

const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));

describe('extension: Open Dashboard', function () {
  this.timeout(20_000);
  let run: ReturnType<typeof activate> | undefined;
  afterEach(() => {
    run?.cleanup();
    run = undefined;
  });

  it('registers the command and the panel serializer at activation, loading nothing', () => {
    run = activate(true);
    assert.ok(run.rec.commands.has('breakfix.openDashboard'));
    assert.ok(run.serializers.has('breakfix.dashboard'));
    assert.ok(!(CORE_JS in require.cache), 'the core chunk stays unloaded');
    assert.deepEqual(run.rec.messages.filter((m) => m.level === 'error'), []);
  });

  it('opens beside the editor with scripts on, only dist/webview as resources, and a closed CSP', async () => {
    run = activate(false); // Restricted Mode: nothing reaches Docker in this test
    await run.rec.commands.get('breakfix.openDashboard')!(LAB);
    assert.equal(run.panels.length, 1);
    const p = run.panels[0];
    assert.equal(p.viewType, 'breakfix.dashboard');
    assert.equal(p.showOptions.viewColumn, -2, 'ViewColumn.Beside');
    assert.equal(p.options.enableScripts, true);
    assert.equal(p.options.retainContextWhenHidden, false);
    assert.deepEqual(p.options.localResourceRoots?.map((u) => u.fsPath), [path.join(ROOT, 'dist/webview')]);
    assert.deepEqual(p.webview.options.localResourceRoots?.map((u) => u.fsPath), [path.join(ROOT, 'dist/webview')]);
    assert.match(p.title, /Notification queue retry storm/);
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(p.webview.html)?.[1].replace(/&#39;/g, "'");
    assert.ok(csp, 'the HTML has a CSP');
    assert.match(csp, /^default-src 'none'; /);
    assert.match(csp, /script-src 'nonce-[0-9a-f]{32}'$/);
    assert.ok(!csp.includes('connect-src'));
    assert.ok(p.webview.html.includes('/dist/webview/dashboard.js'));
  });

  it('answers ready with init and explains Restricted Mode; refuses malformed messages', async () => {
    run = activate(false);
    await run.rec.commands.get('breakfix.openDashboard')!(LAB);
    const p = run.panels[0];
    p.send({ type: 'ready' });
    await tick();
    const [init, ...rest] = p.webview.posted;
    assert.equal(init.type, 'init');
    if (init.type !== 'init') return;
    assert.equal(init.lab.id, LAB);
    const lab = parse(fs.readFileSync(path.join(ROOT, 'labs', LAB, 'lab.yaml'), 'utf8')) as { panels: { id: string }[] };
    assert.deepEqual(init.panels.map((p) => p.id), [...lab.panels.map((p) => p.id), 'cost-rate'], "one chart per lab panel, then the live cost rate (the lab's cost model)");
    assert.equal(init.trusted, false);
    const stack = rest.find((m) => m.type === 'stack');
    assert.match(stack && stack.type === 'stack' ? stack.error ?? '' : '', /Restricted Mode/);
    const before = p.webview.posted.length;
    p.send({ type: 'injectFault' });
    p.send('rm -rf /');
    await tick();
    assert.equal(p.webview.posted.length, before, 'malformed messages change nothing');
    assert.ok(run.rec.outputChannels[0].lines.some((l) => /malformed message/.test(l)));
  });

  it('a second open reveals the same panel', async () => {
    run = activate(false);
    const open = run.rec.commands.get('breakfix.openDashboard')!;
    await open(LAB);
    await open(LAB);
    assert.equal(run.panels.length, 1);
    assert.equal(run.panels[0].revealed, 1);
  });

  it('the serializer restores a dashboard from its webview state, or says why it cannot', async () => {
    run = activate(false);
    const serializer = run.serializers.get('breakfix.dashboard')!;
    const restored = fakePanel('breakfix.dashboard', 'old', { viewColumn: 2 });
    await serializer.deserializeWebviewPanel(restored, { labId: LAB, window: 15, tab: 'faults' });
    assert.match(restored.webview.html, /Content-Security-Policy/);
    restored.send({ type: 'ready' });
    await tick();
    const init = restored.webview.posted[0];
    assert.equal(init.type === 'init' && init.window, 15);
    // Opening the same lab now reveals the restored panel.
    await run.rec.commands.get('breakfix.openDashboard')!(LAB);
    assert.equal(run.panels.length, 0);
    assert.equal(restored.revealed, 1);

    const broken = fakePanel('breakfix.dashboard', 'old', { viewColumn: 2 });
    await serializer.deserializeWebviewPanel(broken, { labId: 'no-such-lab', window: 5 });
    broken.send({ type: 'ready' });
    await tick();
    assert.deepEqual(broken.webview.posted, [{ type: 'error', message: 'This dashboard could not be restored: there is no lab "no-such-lab" any more.' }]);
  });

  it('closing the panel disposes its session; the next open creates a new one', async () => {
    run = activate(false);
    const open = run.rec.commands.get('breakfix.openDashboard')!;
    await open(LAB);
    run.panels[0].dispose();
    await open(LAB);
    assert.equal(run.panels.length, 2);
  });
});
