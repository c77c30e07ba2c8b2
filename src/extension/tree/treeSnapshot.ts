// What the Labs tree shows, as strings to compare between refreshes: its shape (every row outside a lab,
// and which lab rows sit where) and, per lab, its row and everything under it. When only labs changed, the
// provider refreshes just those rows (labsProvider.ts), because of how VS Code hands a row's inline or
// context-menu action its element: by the row's handle, looked up when the command runs. Refreshing the
// root unregisters every handle until the view has fetched the rows again (extHostTreeViews.ts: `_refresh`
// → `_addAllToClear`); an action clicked in between receives `undefined`. Refreshing a row in place keeps
// its handle (`_refreshNode`); only the handles below it are unregistered.
import type * as vscode from 'vscode';

export interface TreeSnapshot {
  shape: string;
  /** Lab id → its row and everything under it. */
  labs: Map<string, string>;
}

export interface TreeSource<N> {
  getChildren(node?: N): Promise<N[]>;
  getTreeItem(node: N): vscode.TreeItem;
}

/** Walks the whole tree (expanded or not); `labOf` says which nodes are lab rows. */
export async function snapshotTree<N>(source: TreeSource<N>, labOf: (node: N) => string | undefined): Promise<TreeSnapshot> {
  const labs = new Map<string, string>();
  const walk = async (nodes: N[], out: string[]): Promise<void> => {
    for (const node of nodes) {
      const item = source.getTreeItem(node);
      const lab = labOf(node);
      if (lab === undefined) {
        out.push(itemKey(item));
        if (item.collapsibleState) await walk(await source.getChildren(node), out);
        continue;
      }
      // The row's id is part of the shape: a new id is a different row to VS Code.
      out.push(`lab row ${item.id}`);
      const own = [itemKey(item)];
      if (item.collapsibleState) await walk(await source.getChildren(node), own);
      labs.set(lab, own.join('\n'));
    }
  };
  const shape: string[] = [];
  await walk(await source.getChildren(), shape);
  return { shape: shape.join('\n'), labs };
}

/** Everything of a tree item that VS Code renders or matches menus on. */
export function itemKey(item: vscode.TreeItem): string {
  const label = typeof item.label === 'object' ? item.label.label : item.label;
  const tooltip = typeof item.tooltip === 'object' ? item.tooltip.value : item.tooltip;
  const icon = item.iconPath as { id?: string; color?: { id?: string } } | undefined;
  const iconKey = icon && typeof icon === 'object' && 'id' in icon ? [icon.id, icon.color?.id] : String(item.iconPath ?? '');
  return JSON.stringify([
    item.id,
    label,
    item.description,
    tooltip,
    iconKey,
    item.contextValue,
    item.collapsibleState,
    item.accessibilityInformation?.label,
    item.command?.command,
  ]);
}
