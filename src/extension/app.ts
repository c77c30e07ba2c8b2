// The extension's code, loaded on first use by main.ts (see there): the shared context, the tree, the
// status bar, the command handlers, the dashboards and the assessment (view, countdown, record watch).
import * as vscode from 'vscode';
import { commandRunner } from './commands';
import type { CommandId } from './commands/ids';
import { Ctx } from './ctx';
import { StackStatusBar } from './statusBar';
import type { LazyTree } from './tree/lazyTree';
import { LabsView } from './tree/labsView';
import type { Node } from './tree/nodes';
import { NotesView, type NoteNode } from './tree/notesView';
import { LearnerEvents } from './learnerEvents';
import { registerLabText } from './labText';
import { registerSpecText } from './specText';
import { registerTicketText } from './ticketText';
import { dashboards } from './webviews/dashboard';
import { AssessmentStatusBar } from './assessment/statusBar';
import { assessmentWatch } from './assessment/watch';
import type { AssessmentNode } from './tree/assessmentNodes';
import { AssessmentView } from './tree/assessmentView';
import { aiHost, type AiHost } from './ai/host';

export interface App {
  run(id: CommandId, args: unknown[]): Promise<void>;
  restoreDashboard(panel: vscode.WebviewPanel, state: unknown): Promise<void>;
  /** The language-model tools, the @breakfix participant and the e2e test hook (ai/register.ts forwards to these). */
  ai: AiHost;
}

export interface TreeParts {
  tree: LazyTree<unknown>;
  treeView: vscode.TreeView<unknown>;
  notesTree: LazyTree<unknown>;
  notesView: vscode.TreeView<unknown>;
  assessmentTree: LazyTree<unknown>;
  assessmentView: vscode.TreeView<unknown>;
}

export function startApp(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, parts: TreeParts): App {
  const ctx = new Ctx(context, log);
  ctx.push(ctx);
  const run = commandRunner(ctx);
  const labsTree = parts.treeView as vscode.TreeView<Node>;
  ctx.push(
    new LabsView(ctx, parts.tree as LazyTree<Node>, labsTree),
    new NotesView(ctx, parts.notesTree as LazyTree<NoteNode>, parts.notesView as vscode.TreeView<NoteNode>),
    // The Notes view follows the lab selected in the Labs tree (a lab or any of its children).
    labsTree.onDidChangeSelection((e) => {
      const node = e.selection[0];
      if (node && 'entry' in node) ctx.setNotesLab(node.entry.lab.id);
    }),
    new LearnerEvents(ctx),
    registerLabText(ctx),
    registerSpecText(ctx),
    registerTicketText(ctx),
    new StackStatusBar(ctx),
    new AssessmentView(ctx, parts.assessmentTree as LazyTree<AssessmentNode>, parts.assessmentView as vscode.TreeView<AssessmentNode>),
    new AssessmentStatusBar(ctx),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      log.info('Workspace trusted: Docker enabled');
      ctx.notify();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('breakfix')) ctx.notify();
    }),
  );
  assessmentWatch(ctx);
  const { level, domain } = ctx.state.filter;
  void vscode.commands.executeCommand('setContext', 'breakfix.filtered', !!(level || domain));
  return { run, restoreDashboard: (panel, state) => dashboards(ctx).restore(panel, state), ai: aiHost(ctx) };
}
