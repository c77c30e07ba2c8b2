// A minimal stand-in for the `vscode` module: enough for activate(), the tree and the commands.
// Records what the extension registers and shows, and every disposable it creates.
import Module = require('node:module');

export interface StubOptions {
  isTrusted?: boolean;
  extensionPath: string;
  /** Opened as the first workspace folder. */
  workspaceDir?: string;
  /** A host without vscode.lm and vscode.chat (feature detection). */
  noAi?: boolean;
}

/** A chat model for vscode.lm.selectChatModels / ChatRequest.model: answers with `chunks`, records the prompts. */
export interface StubModel {
  name: string;
  prompts: unknown[][];
  sendRequest(messages: unknown[], options?: unknown, token?: unknown): Promise<{ text: AsyncIterable<string> }>;
}

export function stubModel(chunks: string[], name = 'Stub Model'): StubModel {
  const model: StubModel = {
    name,
    prompts: [],
    sendRequest(messages) {
      model.prompts.push(messages);
      return Promise.resolve({
        text: (async function* () {
          yield* chunks;
        })(),
      });
    },
  };
  return model;
}

/** What the fake user answers, in order: modal dialogs, input boxes, quick picks (labels; several for canPickMany), open dialogs (a path). */
export interface Answers {
  modal: (string | undefined)[];
  inputBox: (string | undefined)[];
  quickPick: (string | string[] | undefined)[];
  openDialog?: (string | undefined)[];
}

export interface Recorded {
  commands: Map<string, (...args: unknown[]) => unknown>;
  executed: { id: string; args: unknown[] }[];
  messages: { level: 'info' | 'warning' | 'error'; text: string; actions: string[]; modal: boolean; detail?: string }[];
  answers: Answers;
  /** setContext calls: key -> last value. */
  contexts: Map<string, unknown>;
  contentProviders: Map<string, { provideTextDocumentContent(uri: unknown): Promise<string> | string }>;
  diagnostics: Map<string, { fsPath: string; diagnostics: { message: string; range: { start: { line: number } }; severity: number; source?: string }[] }>;
  shownDocuments: { fsPath: string; options: unknown }[];
  quickPicks: { items: { label: string; description?: string; detail?: string }[]; options: Record<string, unknown> }[];
  /** Fires onDidSaveTextDocument for a file. */
  save(fsPath: string): void;
  /** Fires the file system watchers (as a change of `fsPath`). */
  fileChanged(fsPath: string): void;
  disposables: { what: string; disposed: boolean; handle: { dispose(): void } }[];
  treeViews: Map<string, { provider: { getChildren(n?: unknown): Promise<unknown[]>; getTreeItem(n: unknown): unknown }; view: StubTreeView }>;
  outputChannels: { name: string; options: unknown; lines: string[] }[];
  /** vscode.lm.registerTool: name -> the tool. */
  tools: Map<string, { invoke(options: unknown, token: unknown): Promise<unknown>; prepareInvocation?(options: unknown, token: unknown): unknown }>;
  /** vscode.chat.createChatParticipant: id -> handler and the participant object. */
  participants: Map<string, { handler: (request: unknown, context: unknown, stream: unknown, token: unknown) => Promise<unknown>; participant: { iconPath?: unknown } }>;
  /** vscode.lm.registerMcpServerDefinitionProvider: id -> provider. */
  mcpProviders: Map<string, { provideMcpServerDefinitions(token?: unknown): unknown; onDidChangeMcpServerDefinitions?: (l: () => void) => { dispose(): void } }>;
  /** What vscode.lm.selectChatModels answers. */
  models: StubModel[];
}

export interface StubTreeView {
  visible: boolean;
  description?: string;
  fireVisibility(visible: boolean): void;
  fireSelection(selection: unknown[]): void;
}

export function createVscodeStub(opts: StubOptions) {
  const rec: Recorded = {
    commands: new Map(),
    executed: [],
    messages: [],
    disposables: [],
    treeViews: new Map(),
    outputChannels: [],
    tools: new Map(),
    participants: new Map(),
    mcpProviders: new Map(),
    models: [],
    answers: { modal: [], inputBox: [], quickPick: [] },
    contexts: new Map(),
    contentProviders: new Map(),
    diagnostics: new Map(),
    shownDocuments: [],
    quickPicks: [],
    save: (fsPath) => saveListeners.forEach((l) => l({ uri: Uri.file(fsPath) })),
    fileChanged: (fsPath) => watcherListeners.forEach((l) => l(Uri.file(fsPath))),
  };
  const saveListeners = new Set<(doc: unknown) => void>();
  const watcherListeners = new Set<(uri: unknown) => void>();

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
    file: (fsPath: string) => ({ scheme: 'file', fsPath, path: fsPath, toString: () => `file://${fsPath}` }),
    parse: (s: string) => ({ scheme: s.split(':')[0], fsPath: '', toString: () => s }),
    from: (c: { scheme: string; path: string; query?: string }) => ({ scheme: c.scheme, path: c.path, query: c.query ?? '', fsPath: c.path, toString: () => `${c.scheme}:${c.path}${c.query ? `?${c.query}` : ''}` }),
  };
  class RelativePattern {
    constructor(
      public base: unknown,
      public pattern: string,
    ) {}
  }
  class Diagnostic {
    source?: string;
    constructor(
      public range: unknown,
      public message: string,
      public severity: number,
    ) {}
  }

  const show = (level: 'info' | 'warning' | 'error') => (text: string, ...actions: unknown[]) => {
    const options = actions[0] && typeof actions[0] === 'object' ? (actions[0] as { modal?: boolean; detail?: string }) : {};
    const modal = options.modal === true;
    rec.messages.push({ level, text, actions: actions.filter((a): a is string => typeof a === 'string'), modal, detail: options.detail });
    return Promise.resolve(modal ? rec.answers.modal.shift() : undefined);
  };

  const config = { get: <T>(_key: string, dflt?: T) => dflt };

  class LanguageModelTextPart {
    constructor(public value: string) {}
  }
  class LanguageModelToolResult {
    constructor(public content: unknown[]) {}
  }
  class McpStdioServerDefinition {
    cwd?: unknown;
    constructor(
      public label: string,
      public command: string,
      public args: string[] = [],
      public env: Record<string, string> = {},
      public version?: string,
    ) {}
  }
  const ai = opts.noAi
    ? {}
    : {
        LanguageModelTextPart,
        LanguageModelToolResult,
        McpStdioServerDefinition,
        LanguageModelChatMessage: { User: (content: string) => ({ role: 'user', content }) },
        lm: {
          registerTool(name: string, tool: never) {
            rec.tools.set(name, tool);
            return track(`tool ${name}`, {}, () => rec.tools.delete(name));
          },
          registerMcpServerDefinitionProvider(id: string, provider: never) {
            rec.mcpProviders.set(id, provider);
            return track(`McpServerDefinitionProvider ${id}`, {}, () => rec.mcpProviders.delete(id));
          },
          get tools() {
            return [...rec.tools.keys()].map((name) => ({ name, description: '', tags: [], inputSchema: {} }));
          },
          invokeTool(name: string, options: unknown, token?: unknown) {
            const tool = rec.tools.get(name);
            if (!tool) return Promise.reject(new Error(`Tool ${name} was not contributed`));
            return tool.invoke(options, token ?? { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) });
          },
          selectChatModels: () => Promise.resolve(rec.models),
        },
        chat: {
          createChatParticipant(id: string, handler: never) {
            const participant = track(`ChatParticipant ${id}`, { id, iconPath: undefined as unknown }, () => rec.participants.delete(id));
            rec.participants.set(id, { handler, participant });
            return participant;
          },
        },
      };

  const api = {
    ...ai,
    EventEmitter,
    TreeItem,
    ThemeIcon,
    ThemeColor,
    MarkdownString,
    Position,
    Range: class {
      start: Position;
      end: Position;
      constructor(a: Position | number, b: Position | number, c?: number, d?: number) {
        this.start = typeof a === 'number' ? new Position(a, b as number) : a;
        this.end = typeof a === 'number' ? new Position(c!, d!) : (b as Position);
      }
    },
    Uri,
    RelativePattern,
    Diagnostic,
    DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
    ViewColumn: { Active: -1, Beside: -2, One: 1, Two: 2 },
    Disposable: class {
      constructor(private readonly fn: () => void) {}
      static from(...ds: { dispose(): void }[]) {
        return { dispose: () => ds.forEach((d) => d.dispose()) };
      }
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
        const selection = new EventEmitter<{ selection: unknown[] }>();
        const view = track(`TreeView ${id}`, {
          visible: false,
          description: undefined as string | undefined,
          onDidChangeVisibility: visibility.event,
          onDidChangeSelection: selection.event,
          fireVisibility(visible: boolean) {
            view.visible = visible;
            visibility.fire({ visible });
          },
          fireSelection(s: unknown[]) {
            selection.fire({ selection: s });
          },
        }, () => {
          visibility.dispose();
          selection.dispose();
        });
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
      showQuickPick: (items: { label: string }[], options: Record<string, unknown> = {}) => {
        rec.quickPicks.push({ items, options });
        const answer = rec.answers.quickPick.shift();
        if (answer === undefined) return Promise.resolve(undefined);
        const labels = Array.isArray(answer) ? answer : [answer];
        const picked = items.filter((i) => labels.includes(i.label));
        return Promise.resolve(options.canPickMany ? picked : picked[0]);
      },
      showOpenDialog: () => {
        const answer = rec.answers.openDialog?.shift();
        return Promise.resolve(answer === undefined ? undefined : [Uri.file(answer)]);
      },
      showInputBox: (options: { validateInput?: (v: string) => unknown } = {}) => {
        const answer = rec.answers.inputBox.shift();
        if (answer !== undefined && options.validateInput?.(answer)) throw new Error(`the input box would not accept "${answer}"`);
        return Promise.resolve(answer);
      },
      showTextDocument: (uri: { fsPath: string }, options?: unknown) => {
        rec.shownDocuments.push({ fsPath: uri.fsPath, options });
        return Promise.resolve({});
      },
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
        if (id === 'setContext') rec.contexts.set(args[0] as string, args[1]);
        const fn = rec.commands.get(id);
        return Promise.resolve(fn ? fn(...args) : undefined);
      },
    },
    workspace: {
      isTrusted: opts.isTrusted ?? true,
      workspaceFolders: opts.workspaceDir ? [{ uri: Uri.file(opts.workspaceDir), name: 'ws', index: 0 }] : undefined,
      textDocuments: [] as unknown[],
      createFileSystemWatcher: (_pattern: unknown) => {
        const on = (l: (uri: unknown) => void) => {
          watcherListeners.add(l);
          return { dispose: () => watcherListeners.delete(l) };
        };
        return track('FileSystemWatcher', { onDidChange: on, onDidCreate: on, onDidDelete: on });
      },
      onDidSaveTextDocument: (l: (doc: unknown) => void) => {
        saveListeners.add(l);
        return track('onDidSaveTextDocument', {}, () => saveListeners.delete(l));
      },
      registerTextDocumentContentProvider: (scheme: string, provider: never) => {
        rec.contentProviders.set(scheme, provider);
        return track(`TextDocumentContentProvider ${scheme}`, {}, () => rec.contentProviders.delete(scheme));
      },
      getConfiguration: () => config,
      onDidGrantWorkspaceTrust: apiEvent('onDidGrantWorkspaceTrust'),
      onDidChangeConfiguration: apiEvent('onDidChangeConfiguration'),
      onDidChangeWorkspaceFolders: apiEvent('onDidChangeWorkspaceFolders'),
    },
    languages: {
      createDiagnosticCollection: (name: string) =>
        track(`DiagnosticCollection ${name}`, {
          set: (uri: { fsPath: string }, diagnostics: never[]) => void rec.diagnostics.set(uri.fsPath, { fsPath: uri.fsPath, diagnostics }),
          clear: () => rec.diagnostics.clear(),
        }),
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
