// A minimal stand-in for the `vscode` module: enough for activate(), the tree and the commands.
// Records what the extension registers and shows, and every disposable it creates.
import Module = require('node:module');

export interface StubOptions {
  isTrusted?: boolean;
  extensionPath: string;
}

export interface Recorded {
  commands: Map<string, (...args: unknown[]) => unknown>;
  executed: { id: string; args: unknown[] }[];
  messages: { level: 'info' | 'warning' | 'error'; text: string; actions: string[] }[];
  disposables: { what: string; disposed: boolean; handle: { dispose(): void } }[];
  treeViews: Map<string, { provider: { getChildren(n?: unknown): Promise<unknown[]>; getTreeItem(n: unknown): unknown }; view: StubTreeView }>;
  outputChannels: { name: string; options: unknown; lines: string[] }[];
}

export interface StubTreeView {
  visible: boolean;
  description?: string;
  fireVisibility(visible: boolean): void;
}

export function createVscodeStub(opts: StubOptions) {
  const rec: Recorded = {
    commands: new Map(),
    executed: [],
    messages: [],
    disposables: [],
    treeViews: new Map(),
    outputChannels: [],
  };

  function track<T extends object>(what: string, target: T, onDispose?: () => void): T & { dispose(): void } {
    const entry = { what, disposed: false, handle: undefined as unknown as { dispose(): void } };
    const handle = Object.assign(target, {
      dispose() {
        entry.disposed = true;
        onDispose?.();
      },
    });
    entry.handle = handle;
    rec.disposables.push(entry);
    return handle;
  }

  class EventEmitter<T> {
    private listeners = new Set<(e: T) => void>();
    private readonly own = track('EventEmitter', {}, () => this.listeners.clear());
    event = (listener: (e: T) => void) => {
      this.listeners.add(listener);
      return { dispose: () => this.listeners.delete(listener) };
    };
    fire(e: T) {
      for (const l of [...this.listeners]) l(e);
    }
    dispose() {
      this.own.dispose();
    }
  }

  // Event subscriptions the extension makes on VS Code's own events must be disposed too.
  const apiEvent = (what: string) => (_listener: unknown) => track(what, {});

  class TreeItem {
    id?: string;
    description?: string;
    tooltip?: unknown;
    iconPath?: unknown;
    contextValue?: string;
    command?: unknown;
    accessibilityInformation?: unknown;
    constructor(
      public label: string,
      public collapsibleState = 0,
    ) {}
  }
  class ThemeIcon {
    constructor(
      public id: string,
      public color?: unknown,
    ) {}
  }
  class ThemeColor {
    constructor(public id: string) {}
  }
  class MarkdownString {
    value = '';
    constructor(value = '', public supportThemeIcons = false) {
      this.value = value;
    }
    appendMarkdown(s: string) {
      this.value += s;
      return this;
    }
    appendText(s: string) {
      this.value += s;
      return this;
    }
  }
  class Position {
    constructor(
      public line: number,
      public character: number,
    ) {}
  }
  class Range {
    constructor(
      public start: Position,
      public end: Position,
    ) {}
  }
  const Uri = {
    file: (fsPath: string) => ({ scheme: 'file', fsPath, toString: () => `file://${fsPath}` }),
    parse: (s: string) => ({ scheme: s.split(':')[0], fsPath: '', toString: () => s }),
  };

  const show = (level: 'info' | 'warning' | 'error') => (text: string, ...actions: unknown[]) => {
    rec.messages.push({ level, text, actions: actions.filter((a): a is string => typeof a === 'string') });
    return Promise.resolve(undefined);
  };

  const config = { get: <T>(_key: string, dflt?: T) => dflt };

  const api = {
    EventEmitter,
    TreeItem,
    ThemeIcon,
    ThemeColor,
    MarkdownString,
    Position,
    Range,
    Uri,
    Disposable: class {
      constructor(private readonly fn: () => void) {}
      dispose() {
        this.fn();
      }
    },
    TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
    StatusBarAlignment: { Left: 1, Right: 2 },
    ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
    window: {
      createOutputChannel(name: string, options?: unknown) {
        const ch = { name, options, lines: [] as string[] };
        rec.outputChannels.push(ch);
        const line = (s: string) => void ch.lines.push(s);
        return track('OutputChannel', {
          name,
          info: line,
          warn: line,
          error: line,
          debug: line,
          trace: line,
          append: line,
          appendLine: line,
          clear() {},
          show() {},
          hide() {},
        });
      },
      createTreeView(id: string, options: { treeDataProvider: never }) {
        const visibility = new EventEmitter<{ visible: boolean }>();
        const view = track(`TreeView ${id}`, {
          visible: false,
          description: undefined as string | undefined,
          onDidChangeVisibility: visibility.event,
          fireVisibility(visible: boolean) {
            view.visible = visible;
            visibility.fire({ visible });
          },
        }, () => visibility.dispose());
        rec.treeViews.set(id, { provider: options.treeDataProvider, view });
        return view;
      },
      registerWebviewPanelSerializer(viewType: string, _serializer: unknown) {
        return track(`WebviewPanelSerializer ${viewType}`, {});
      },
      registerTreeDataProvider(id: string, provider: never) {
        return track(`TreeDataProvider ${id}`, { provider });
      },
      createStatusBarItem() {
        return track('StatusBarItem', { text: '', tooltip: '', command: '', name: '', visible: false, show() { this.visible = true; }, hide() { this.visible = false; } });
      },
      showInformationMessage: show('info'),
      showWarningMessage: show('warning'),
      showErrorMessage: show('error'),
      showQuickPick: () => Promise.resolve(undefined),
      withProgress: (_o: unknown, task: (p: unknown, t: unknown) => Promise<unknown>) =>
        task({ report() {} }, { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) }),
    },
    commands: {
      registerCommand(id: string, fn: (...args: unknown[]) => unknown) {
        rec.commands.set(id, fn);
        return track(`command ${id}`, {}, () => rec.commands.delete(id));
      },
      executeCommand(id: string, ...args: unknown[]) {
        rec.executed.push({ id, args });
        const fn = rec.commands.get(id);
        return Promise.resolve(fn ? fn(...args) : undefined);
      },
    },
    workspace: {
      isTrusted: opts.isTrusted ?? true,
      workspaceFolders: undefined,
      getConfiguration: () => config,
      onDidGrantWorkspaceTrust: apiEvent('onDidGrantWorkspaceTrust'),
      onDidChangeConfiguration: apiEvent('onDidChangeConfiguration'),
      onDidChangeWorkspaceFolders: apiEvent('onDidChangeWorkspaceFolders'),
    },
    env: { openExternal: () => Promise.resolve(true) },
  };

  const memento = () => {
    const m = new Map<string, unknown>();
    return { get: (k: string, d?: unknown) => (m.has(k) ? m.get(k) : d), update: (k: string, v: unknown) => (m.set(k, v), Promise.resolve()), keys: () => [...m.keys()] };
  };
  const context = {
    subscriptions: [] as { dispose(): void }[],
    extensionPath: opts.extensionPath,
    workspaceState: memento(),
    globalState: memento(),
  };
  return { api, rec, context };
}

const STUB_ID = 'vscode-stub';

/** Makes `require('vscode')` return `api` until the returned function is called. */
export function installVscode(api: unknown): () => void {
  const M = Module as unknown as { _resolveFilename: (req: string, ...rest: unknown[]) => string };
  const original = M._resolveFilename;
  M._resolveFilename = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? STUB_ID : original.call(this, request, ...rest);
  };
  const m = new Module(STUB_ID);
  m.exports = api;
  (m as { loaded: boolean }).loaded = true;
  require.cache[STUB_ID] = m;
  return () => {
    M._resolveFilename = original;
    delete require.cache[STUB_ID];
  };
}
