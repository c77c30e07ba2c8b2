// Tree data: level groups of labs, preceded by whatever blocks the user (trust, engine, problems).
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LabEntry, LabProblem, Level } from '../../core/labs/types';
import { loadCore } from '../core';
import type { Ctx } from '../ctx';
import { dockerAllowed, MANAGE_TRUST, RESTRICTED_REASON } from '../trust';
import { attemptNodes, learnerChildren } from './learnerNodes';
import { message, toTreeItem, type Node } from './nodes';

const LEVELS: readonly Level[] = ['beginner', 'intermediate', 'advanced'];

export class LabsProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined | void>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly ctx: Ctx) {}

  refresh(): void {
    this.changed.fire();
  }

  getTreeItem(node: Node): vscode.TreeItem {
    return toTreeItem(node, this.ctx.state);
  }

  async getChildren(node?: Node): Promise<Node[]> {
    const ws = this.ctx.workspaceDir;
    if (node?.kind === 'level') return node.labs.map((entry) => ({ kind: 'lab', labId: entry.lab.id, entry, expandable: learnerChildren(entry, this.ctx.state, ws).length > 0 }));
    if (node?.kind === 'lab') return learnerChildren(node.entry, this.ctx.state, ws);
    if (node?.kind === 'attempts') return attemptNodes(node);
    if (node?.kind === 'problems') return node.problems.map((problem) => ({ kind: 'problem', problem }));
    if (node) return [];
    return this.roots();
  }

  dispose(): void {
    this.changed.dispose();
  }

  private async roots(): Promise<Node[]> {
    const { ctx } = this;
    const catalogue = await ctx.ensureCatalogue();
    const nodes: Node[] = [...this.blockers()];
    if (!catalogue) {
      nodes.push(
        message('load-error', `Labs could not be loaded: ${ctx.state.loadError ?? 'unknown error'}`, 'error', ctx.state.loadError ?? '', {
          command: 'breakfix.refreshLabs',
          title: 'Refresh Labs',
        }),
      );
      return nodes;
    }
    // An empty catalogue returns [] so the view's welcome content (viewsWelcome) shows.
    if (catalogue.labs.length === 0 && catalogue.problems.length === 0) return [];
    nodes.push(...groupProblems(catalogue.problems));
    const progressError = ctx.state.progressError;
    if (progressError && ctx.workspaceDir) {
      const file = vscode.Uri.file(path.join(ctx.workspaceDir, '.breakfix', 'progress.json'));
      nodes.push(message('progress', 'Your progress could not be read', 'warning', `${progressError}\nClick to open the file.`, { command: 'vscode.open', title: 'Open progress.json', arguments: [file] }));
    }
    if (catalogue.labs.length === 0) return nodes;
    const { level, domain } = ctx.state.filter;
    const labs: LabEntry[] = level || domain ? loadCore().filterLabs(catalogue.labs, { level, domain }) : catalogue.labs;
    if (labs.length === 0) {
      nodes.push(
        message('no-match', 'No labs match the filter', 'filter', `Filter: ${describeFilter(ctx.state.filter)}. Click to clear it.`, {
          command: 'breakfix.clearFilter',
          title: 'Clear Filter',
        }),
      );
      return nodes;
    }
    for (const lvl of LEVELS) {
      const inLevel = labs.filter((e) => e.lab.level === lvl);
      if (inLevel.length) nodes.push({ kind: 'level', level: lvl, labs: inLevel });
    }
    return nodes;
  }

  /** Restricted mode or an unreachable engine: shown above the labs, which stay browsable. */
  private blockers(): Node[] {
    if (!dockerAllowed()) {
      return [
        message('restricted', 'Restricted mode: Docker disabled', 'shield', `${RESTRICTED_REASON} Click to manage Workspace Trust.`, {
          command: 'workbench.trust.manage',
          title: MANAGE_TRUST,
        }),
      ];
    }
    const engine = this.ctx.state.engine;
    if (engine) {
      const label = engine.where ? `Docker engine not reachable at ${engine.where}` : engine.message;
      return [message('engine', label, 'warning', `${engine.message}\nClick to run the Doctor.`, { command: 'breakfix.runDoctor', title: 'Run Doctor' })];
    }
    return [];
  }
}

/** One expandable node per broken lab, holding a node per problem. */
function groupProblems(problems: LabProblem[]): Node[] {
  const byLab = new Map<string, LabProblem[]>();
  for (const p of problems) byLab.set(p.labDir, [...(byLab.get(p.labDir) ?? []), p]);
  return [...byLab].map(([labDir, list]): Node => ({ kind: 'problems', labDir, problems: list }));
}

export function describeFilter(f: { level?: string; domain?: string }): string {
  return [f.level, f.domain && `#${f.domain}`].filter(Boolean).join(' · ');
}
