// The `breakfix.assessment` view: rows from assessmentNodes.ts over the record the watch keeps. A record
// change refreshes the whole view; the time and phase rows alone every few seconds while it is visible.
import * as vscode from 'vscode';
import { assessmentWatch } from '../assessment/watch';
import type { Ctx } from '../ctx';
import { assessmentChildren, assessmentItem, assessmentRoots, type AssessmentNode } from './assessmentNodes';
import type { LazyTree } from './lazyTree';

/** The time row shows seconds; the status bar is the per-second countdown. */
export const TIME_ROW_MS = 5_000;

class AssessmentProvider implements vscode.TreeDataProvider<AssessmentNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<AssessmentNode | AssessmentNode[] | undefined | void>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: AssessmentNode[] = [];

  constructor(private readonly ctx: Ctx) {}

  refresh(nodes?: AssessmentNode[]): void {
    this.changed.fire(nodes);
  }

  /** The rows that show the clock (the same objects as the last getChildren gave). */
  clockRows(): AssessmentNode[] {
    return this.roots.filter((n) => n.kind === 'time' || n.kind === 'phase');
  }

  getTreeItem(node: AssessmentNode): vscode.TreeItem {
    return assessmentItem(node);
  }

  async getChildren(node?: AssessmentNode): Promise<AssessmentNode[]> {
    if (node) return assessmentChildren(node);
    await assessmentWatch(this.ctx).ready;
    this.roots = assessmentRoots(this.ctx.state.assessment);
    return this.roots;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export class AssessmentView implements vscode.Disposable {
  private readonly provider: AssessmentProvider;
  private readonly disposables: vscode.Disposable[] = [];
  private timer?: ReturnType<typeof setInterval>;
  private shown?: string;

  constructor(
    private readonly ctx: Ctx,
    tree: LazyTree<AssessmentNode>,
    private readonly view: vscode.TreeView<AssessmentNode>,
  ) {
    this.provider = new AssessmentProvider(ctx);
    tree.attach(this.provider);
    this.disposables.push(
      this.provider,
      ctx.onDidChange(() => this.update()),
      view.onDidChangeVisibility(() => this.setTimer()),
    );
    this.update();
  }

  private update(): void {
    const r = this.ctx.state.assessment;
    const key = JSON.stringify(r ?? null);
    this.view.description = r && !r.endedAt ? r.lab : undefined;
    this.setTimer();
    if (key === this.shown) return;
    this.shown = key;
    this.provider.refresh();
  }

  private setTimer(): void {
    const on = this.view.visible && !!this.ctx.state.assessment && !this.ctx.state.assessment.endedAt;
    if (on && !this.timer) this.timer = setInterval(() => this.provider.refresh(this.provider.clockRows()), TIME_ROW_MS);
    if (!on && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}
