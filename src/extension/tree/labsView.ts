// The `breakfix.labs` tree view: provider, debounced refresh, filter description, status polling.
// The view itself is created at activation (main.ts) and disposed with the extension.
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import type { LazyTree } from './lazyTree';
import { describeFilter, LabsProvider } from './labsProvider';
import type { Node } from './nodes';
import { StatusPoller } from './statusPoller';

const REFRESH_DEBOUNCE_MS = 300;

export class LabsView implements vscode.Disposable {
  readonly provider: LabsProvider;
  private readonly poller: StatusPoller;
  private readonly disposables: vscode.Disposable[] = [];
  private pending?: ReturnType<typeof setTimeout>;

  /** The tree view and its forwarding provider come from activation (main.ts). */
  constructor(
    private readonly ctx: Ctx,
    tree: LazyTree<Node>,
    readonly treeView: vscode.TreeView<Node>,
  ) {
    this.provider = new LabsProvider(ctx);
    tree.attach(this.provider);
    this.poller = new StatusPoller(ctx);
    this.disposables.push(
      this.provider,
      this.poller,
      ctx.onDidChange(() => this.scheduleRefresh()),
      this.treeView.onDidChangeVisibility((e) => this.poller.setActive(e.visible)),
    );
    this.updateDescription();
    this.poller.setActive(this.treeView.visible);
  }

  private scheduleRefresh(): void {
    if (this.pending) clearTimeout(this.pending);
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.updateDescription();
      void this.provider.refresh();
    }, REFRESH_DEBOUNCE_MS);
  }

  private updateDescription(): void {
    const filter = describeFilter(this.ctx.state.filter);
    this.treeView.description = filter ? `filter: ${filter}` : undefined;
  }

  dispose(): void {
    if (this.pending) clearTimeout(this.pending);
    for (const d of this.disposables) d.dispose();
  }
}
