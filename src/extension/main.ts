// Extension entry: registration only. activate() creates the output channel, the tree views (with
// forwarding providers), the command stubs and the dashboard serializer; the extension's code
// (dist/app.js: context, tree, status bar, commands, dashboards) loads on first use: the tree's
// first getChildren(), a command, or a dashboard restored after a reload. The core chunk
// (dist/core.js) loads later still, when something needs labs or Docker. The AI features (language-model
// tools, the @breakfix participant, the MCP server definition) register the same way (ai/register.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { App } from './app';
import { registerAi } from './ai/register';
import { COMMAND_IDS } from './commands/ids';
import { landInLearnerWorkspace } from './landing';
import { LazyTree } from './tree/lazyTree';
import { VIEW_TYPE } from './webviews/dashboard/viewType';

/** The app, once something loaded it (deactivate heals the faults an AI tool injected). */
let app: App | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Break/Fix Labs', { log: true });
  context.subscriptions.push(log);
  app = undefined;
  const load = (): App => {
    if (app) return app;
    try {
      // Resolved relative to dist/extension.js; esbuild keeps it a runtime require.
      const { startApp } = require('./app.js') as typeof import('./app');
      app = startApp(context, log, { tree, treeView, notesTree, notesView, assessmentTree, assessmentView });
      return app;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      log.error(`Break/Fix Labs failed to load: ${err instanceof Error && err.stack ? err.stack : message}`);
      void vscode.window.showErrorMessage(`Break/Fix Labs failed to load: ${message}`, 'Show Output').then((pick) => {
        if (pick) log.show();
      });
      throw err;
    }
  };
  const tree = new LazyTree<unknown>(() => load());
  const treeView = vscode.window.createTreeView('breakfix.labs', { treeDataProvider: tree, showCollapseAll: true });
  const notesTree = new LazyTree<unknown>(() => load());
  const notesView = vscode.window.createTreeView('breakfix.notes', { treeDataProvider: notesTree });
  const assessmentTree = new LazyTree<unknown>(() => load());
  const assessmentView = vscode.window.createTreeView('breakfix.assessment', { treeDataProvider: assessmentTree });
  context.subscriptions.push(tree, treeView, notesTree, notesView, assessmentTree, assessmentView);
  for (const id of COMMAND_IDS) {
    context.subscriptions.push(vscode.commands.registerCommand(id, (...args: unknown[]) => load().run(id, args)));
  }
  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      deserializeWebviewPanel: (panel, state) => load().restoreDashboard(panel, state),
    }),
  );
  registerAi(context, load);
  // npm start's learner workspace, first open: the Labs view and the walkthrough (landing.ts).
  landInLearnerWorkspace(context);
  // An assessment running here (after a reload): its countdown and context keys need the app now.
  if (assessmentRunsHere()) setTimeout(() => {
    try {
      load();
    } catch {
      // load() showed the error
    }
  }, 0);
}

/** One small file read: .breakfix/assessment.json exists and has not ended. */
function assessmentRunsHere(): boolean {
  const ws = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!ws) return false;
  try {
    return !/"endedAt"/.test(fs.readFileSync(path.join(ws, '.breakfix', 'assessment.json'), 'utf8'));
  } catch {
    return false;
  }
}

export function deactivate(): Promise<void> | undefined {
  return app?.ai.deactivate().catch(() => undefined);
}
