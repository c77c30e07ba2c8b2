// Extension entry. activate() builds one Ctx and registers everything; it makes no Docker,
// git or child-process call and does not load the core chunk (the tree does, on first use).
import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { Ctx } from './ctx';
import { StackStatusBar } from './statusBar';
import { LabsView } from './tree/labsView';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Break/Fix Labs', { log: true });
  context.subscriptions.push(log);
  try {
    const ctx = new Ctx(context, log);
    ctx.push(ctx);
    registerCommands(ctx);
    ctx.push(new LabsView(ctx), new StackStatusBar(ctx));
    ctx.push(
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        log.info('Workspace trusted: Docker enabled');
        ctx.notify();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('breakfix')) ctx.notify();
      }),
    );
    const { level, domain } = ctx.state.filter;
    void vscode.commands.executeCommand('setContext', 'breakfix.filtered', !!(level || domain));
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    log.error(`Activation failed: ${err instanceof Error && err.stack ? err.stack : message}`);
    void vscode.window.showErrorMessage(`Break/Fix Labs failed to activate: ${message}`, 'Show Output').then((pick) => {
      if (pick) log.show();
    });
  }
}

export function deactivate(): void {}
