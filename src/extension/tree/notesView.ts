// The `breakfix.notes` view: the notes of the lab selected in the Labs tree, newest first. Mistake-tagged
// notes get their own icon. With no lab or no notes it is empty, so its welcome content (Add Note) shows.
import * as vscode from 'vscode';
import type { Note } from '../../core/progress/types';
import { isMistakeTag, TAGS } from '../../core/progress/tags';
import type { Ctx, LabsState } from '../ctx';
import type { LazyTree } from './lazyTree';

export interface NoteNode {
  kind: 'note';
  labId: string;
  note: Note;
}

/** The lab whose notes show: the one selected in the Labs tree, else the only started lab. */
export function notesLabOf(state: LabsState): string | undefined {
  if (state.notesLab) return state.notesLab;
  const candidates = new Set([...state.started, ...Object.keys(state.progress?.labs ?? {})]);
  return candidates.size === 1 ? [...candidates][0] : undefined;
}

export function noteNodes(state: LabsState): NoteNode[] {
  const labId = notesLabOf(state);
  if (!labId) return [];
  const notes = state.progress?.labs[labId]?.notes ?? [];
  return [...notes].reverse().map((note) => ({ kind: 'note', labId, note }));
}

export function noteItem(node: NoteNode): vscode.TreeItem {
  const { note } = node;
  const firstLine = note.text.split('\n')[0];
  const item = new vscode.TreeItem(firstLine, vscode.TreeItemCollapsibleState.None);
  item.id = `note:${node.labId}:${note.at}:${note.text.length}`;
  const mistake = note.tags.some(isMistakeTag);
  item.iconPath = mistake ? new vscode.ThemeIcon('bug', new vscode.ThemeColor('problemsWarningIcon.foreground')) : new vscode.ThemeIcon('note');
  item.description = [note.tags.map((t) => `#${t}`).join(' '), new Date(note.at).toLocaleDateString()].filter(Boolean).join(' · ');
  const tooltip = new vscode.MarkdownString();
  tooltip.appendText(note.text);
  for (const t of note.tags) {
    const info = TAGS.find((x) => x.tag === t);
    tooltip.appendMarkdown(`\n\n**#${t}**${info?.kind === 'mistake' ? ' (mistake)' : ''}: `);
    tooltip.appendText(info?.meaning ?? '');
  }
  tooltip.appendMarkdown(`\n\n*${new Date(note.at).toLocaleString()}*`);
  item.tooltip = tooltip;
  item.contextValue = mistake ? 'note.mistake' : 'note';
  item.accessibilityInformation = { label: `${mistake ? 'mistake note' : 'note'}: ${note.text}${note.tags.length ? `, tags ${note.tags.join(', ')}` : ''}` };
  return item;
}

class NotesProvider implements vscode.TreeDataProvider<NoteNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly ctx: Ctx) {}

  refresh(): void {
    this.changed.fire();
  }

  getTreeItem(node: NoteNode): vscode.TreeItem {
    return noteItem(node);
  }

  async getChildren(node?: NoteNode): Promise<NoteNode[]> {
    if (node) return [];
    await this.ctx.ensureCatalogue();
    return noteNodes(this.ctx.state);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export class NotesView implements vscode.Disposable {
  private readonly provider: NotesProvider;
  private readonly sub: vscode.Disposable;

  constructor(
    private readonly ctx: Ctx,
    tree: LazyTree<NoteNode>,
    private readonly view: vscode.TreeView<NoteNode>,
  ) {
    this.provider = new NotesProvider(ctx);
    tree.attach(this.provider);
    this.sub = ctx.onDidChange(() => this.update());
    this.update();
  }

  private update(): void {
    const labId = notesLabOf(this.ctx.state);
    const title = labId ? this.ctx.findLab(labId)?.lab.title ?? labId : undefined;
    this.view.description = title;
    const n = labId ? this.ctx.state.progress?.labs[labId]?.notes.length ?? 0 : 0;
    void vscode.commands.executeCommand('setContext', 'breakfix.notesLab', labId ?? '');
    void vscode.commands.executeCommand('setContext', 'breakfix.notesCount', n);
    this.provider.refresh();
  }

  dispose(): void {
    this.sub.dispose();
    this.provider.dispose();
  }
}
