// Tree data: level groups of labs, preceded by whatever blocks the user (trust, engine, problems).
// A refresh tells VS Code only what changed (treeSnapshot.ts says why): the rows of the labs that changed,
// each the same object across refreshes, or the whole tree when its shape changed.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Catalogue, LabEntry, LabProblem, Level } from '../../core/labs/types';
import { loadCore } from '../core';
import type { Ctx } from '../ctx';
import { dockerAllowed, MANAGE_TRUST, RESTRICTED_REASON } from '../trust';
import { attemptNodes, learnerChildren } from './learnerNodes';
import { mistakeNodes } from './mistakeNodes';
import { message, toTreeItem, type Node } from './nodes';
import { snapshotTree, type TreeSnapshot } from './treeSnapshot';
import { progressPath } from '../../core/workspace/paths';

type LabNode = Extract<Node, { kind: 'lab' }>;

const LEVELS: readonly Level[] = ['beginner', 'intermediate', 'advanced'];

export class LabsProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | Node[] | undefined | void>();
  readonly onDidChangeTreeData = this.changed.event;
  /** One node per lab row, kept while its entry and expandability stay: VS Code refreshes rows by identity. */
  private readonly labNodes = new Map<string, LabNode>();
  /** What the last refresh told VS Code; until the first one, everything is refreshed. */
  private shown?: { snapshot: TreeSnapshot; catalogue?: Catalogue };
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly ctx: Ctx) {}

  /** Refreshes the rows of the labs that changed, or the whole tree when its shape changed. */
  refresh(): Promise<void> {
    this.queue = this.queue.then(() => this.refreshChanged());
    return this.queue;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    return toTreeItem(node, this.ctx.state);
  }

  async getChildren(node?: Node): Promise<Node[]> {
    const ws = this.ctx.workspaceDir;
    if (node?.kind === 'level') return node.labs.map((entry) => this.labNode(entry, learnerChildren(entry, this.ctx.state, ws).length > 0));
    if (node?.kind === 'lab') return learnerChildren(node.entry, this.ctx.state, ws);
    if (node?.kind === 'attempts') return attemptNodes(node);
    if (node?.kind === 'mistakes') return mistakeNodes(node);
    if (node?.kind === 'problems') return node.problems.map((problem) => ({ kind: 'problem', problem }));
    if (node) return [];
    return this.roots();
  }

  dispose(): void {
    this.changed.dispose();
  }

  private labNode(entry: LabEntry, expandable: boolean): LabNode {
    const known = this.labNodes.get(entry.lab.id);
    if (known && known.entry === entry && known.expandable === expandable) return known;
    const node: LabNode = { kind: 'lab', labId: entry.lab.id, entry, expandable };
    this.labNodes.set(entry.lab.id, node);
    return node;
  }

  private async refreshChanged(): Promise<void> {
    // No catalogue yet (or it failed): nothing to compare, and a snapshot must not load the core chunk.
    if (!this.ctx.state.catalogue) {
      this.shown = undefined;
      this.changed.fire();
      return;
    }
    let snapshot: TreeSnapshot;
    try {
      snapshot = await snapshotTree<Node>(this, (n) => (n.kind === 'lab' ? n.labId : undefined));
    } catch (err) {
      this.ctx.log.warn(`Labs tree: ${err instanceof Error ? err.message : String(err)}; refreshing all of it`);
      this.shown = undefined;
      this.changed.fire();
      return;
    }
    const before = this.shown;
    const catalogue = this.ctx.state.catalogue;
    this.shown = { snapshot, catalogue };
    if (!before || before.catalogue !== catalogue || before.snapshot.shape !== snapshot.shape) {
      this.changed.fire();
      return;
    }
    const labs = [...snapshot.labs].filter(([id, key]) => before.snapshot.labs.get(id) !== key).map(([id]) => this.labNodes.get(id));
    const rows = labs.filter((n): n is LabNode => n !== undefined);
    if (rows.length) this.changed.fire(rows);
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
      const file = vscode.Uri.file(progressPath(ctx.workspaceDir));
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
