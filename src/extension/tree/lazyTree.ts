// The tree's data provider as activation registers it: a forwarder that loads the extension's code on
// the first getChildren() and then defers to the real provider (tree/labsProvider.ts).
import * as vscode from 'vscode';

export class LazyTree<T> implements vscode.TreeDataProvider<T>, vscode.Disposable {
  private real?: vscode.TreeDataProvider<T>;
  private sub?: vscode.Disposable;
  private readonly changed = new vscode.EventEmitter<T | T[] | undefined | null | void>();
  readonly onDidChangeTreeData = this.changed.event;

  /** `load` must end with attach() having been called. */
  constructor(private readonly load: () => void) {}

  attach(real: vscode.TreeDataProvider<T>): void {
    this.real = real;
    this.sub = real.onDidChangeTreeData?.((e) => this.changed.fire(e));
  }

  private provider(): vscode.TreeDataProvider<T> {
    if (!this.real) this.load();
    if (!this.real) throw new Error('the Break/Fix Labs tree could not be loaded (see the "Break/Fix Labs" output)');
    return this.real;
  }

  getTreeItem(node: T): vscode.TreeItem | Thenable<vscode.TreeItem> {
    return this.provider().getTreeItem(node);
  }

  getChildren(node?: T): vscode.ProviderResult<T[]> {
    return this.provider().getChildren(node);
  }

  getParent(node: T): vscode.ProviderResult<T> {
    return this.provider().getParent?.(node);
  }

  dispose(): void {
    this.sub?.dispose();
    this.changed.dispose();
  }
}
