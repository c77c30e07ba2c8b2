// A lab's Mistakes node in the labs tree and its rows: the mistake log (core/progress/mistakes.ts), newest
// first. A failed check's entry shows open or fixed by which attempt; a mistake-tagged note opens the Notes view.
import * as vscode from 'vscode';
import type { LabEntry } from '../../core/labs/types';
import { mistakeDetail, mistakeState, type MistakeLogItem } from '../../core/progress/mistakes';

export type MistakeNode = { kind: 'mistakes'; entry: LabEntry; items: MistakeLogItem[] } | { kind: 'mistake'; entry: LabEntry; item: MistakeLogItem; index: number };

export function mistakeNodes(node: Extract<MistakeNode, { kind: 'mistakes' }>): MistakeNode[] {
  return node.items.map((item, index) => ({ kind: 'mistake' as const, entry: node.entry, item, index })).reverse();
}

export function mistakeItem(node: MistakeNode): vscode.TreeItem {
  return node.kind === 'mistakes' ? groupItem(node) : rowItem(node);
}

function groupItem(node: Extract<MistakeNode, { kind: 'mistakes' }>): vscode.TreeItem {
  const id = node.entry.lab.id;
  const n = node.items.length;
  const open = node.items.filter((i) => i.source === 'check' && !i.fixed).length;
  const item = new vscode.TreeItem(`Mistakes (${n})`, n ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  item.id = n ? `mistakes:${id}` : `mistakes:${id}:none`;
  item.iconPath = new vscode.ThemeIcon('bug');
  item.description = open ? `${open} open` : undefined;
  item.tooltip = n
    ? 'The mistake log, newest first: checks that failed with the mistake lab.yaml names for them (open, or fixed by a later attempt), and your notes tagged with a mistake.'
    : 'No mistakes logged yet. A failing check that names a mistake is logged by Run Check; a note tagged with a mistake is logged too.';
  item.contextValue = 'mistakes';
  item.accessibilityInformation = { label: `Mistakes (${n})${open ? `, ${open} open` : ''}` };
  return item;
}

function rowItem(node: Extract<MistakeNode, { kind: 'mistake' }>): vscode.TreeItem {
  const { item: m, entry } = node;
  const item = new vscode.TreeItem(m.tag, vscode.TreeItemCollapsibleState.None);
  item.id = `mistake:${entry.lab.id}:${node.index}:${m.source}:${m.tag}`;
  const state = mistakeState(m);
  const lines = [`${m.tag}: ${m.meaning}`, ''];
  if (m.source === 'check') {
    item.description = `${m.check} · ${state}`;
    item.iconPath = m.fixed ? new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')) : new vscode.ThemeIcon('bug', new vscode.ThemeColor('problemsWarningIcon.foreground'));
    lines.push(`Check ${m.check} failed in attempt${m.attempts.length > 1 ? 's' : ''} ${m.attempts.join(', ')}: ${mistakeDetail(m)}.`);
    if (m.commit) lines.push(`Commit: ${m.commit.slice(0, 12)}`);
    lines.push(m.fixed ? `Fixed by attempt ${m.fixed.n} (${new Date(m.fixed.at).toLocaleString()}).` : 'Still open: the check has not passed since.');
    item.contextValue = m.fixed ? 'mistake.fixed' : 'mistake.open';
  } else {
    item.description = `${state} · ${mistakeDetail(m)}`;
    item.iconPath = new vscode.ThemeIcon('note');
    lines.push(`Your note ${m.note}: ${m.text}`);
    item.contextValue = 'mistake.note';
    item.command = { command: 'breakfix.showNotes', title: 'Show Notes', arguments: [{ entry }] };
  }
  lines.push(`Logged ${new Date(m.at).toLocaleString()}.`);
  item.tooltip = lines.join('\n');
  item.accessibilityInformation = { label: `mistake ${m.tag}, ${m.source === 'check' ? `check ${m.check}, ${state}` : `from note ${m.note}`}` };
  return item;
}
