// A started lab's children in the labs tree: its attempts, its writeup (locked until a pass), its notes and
// its mistake log (mistakeNodes.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LabEntry } from '../../core/labs/types';
import { hasPassed, type Attempt, type LabProgress, type LabProgressStatus } from '../../core/progress/types';

export { hasPassed };
import { isMistakeTag } from '../../core/progress/tags';
import { mistakeLogItems } from '../../core/progress/mistakes';
import { mistakeItem, type MistakeNode } from './mistakeNodes';
import type { LabsState } from '../ctx';
import { writeupPath } from '../../core/workspace/paths';

export type LearnerNode =
  | { kind: 'attempts'; entry: LabEntry; attempts: Attempt[]; workspaceDir: string }
  | { kind: 'attempt'; entry: LabEntry; attempt: Attempt; workspaceDir: string }
  | { kind: 'writeup'; entry: LabEntry; unlocked: boolean; file: string; status: LabProgressStatus }
  | { kind: 'notesLink'; entry: LabEntry; count: number; mistakes: number }
  | MistakeNode;

export const STATUS_TEXT: Record<LabProgressStatus, string> = {
  'not-started': 'not started',
  running: 'in progress',
  broken: 'broken',
  fixed: 'fixed',
  'written-up': 'written up',
};

/** The learner status of a lab: from the progress store; a copy in the workspace counts as started. */
export function progressStatus(id: string, state: LabsState): LabProgressStatus {
  const status = state.progress?.labs[id]?.status ?? 'not-started';
  return status === 'not-started' && state.started.has(id) ? 'running' : status;
}


export function writeupFile(workspaceDir: string, labId: string): string {
  return writeupPath(workspaceDir, labId);
}

/** Children of a lab that is started or has progress; none otherwise (the lab is then a leaf). */
export function learnerChildren(entry: LabEntry, state: LabsState, workspaceDir: string | undefined): LearnerNode[] {
  const id = entry.lab.id;
  const lab = state.progress?.labs[id];
  if (!workspaceDir || (!lab && !state.started.has(id))) return [];
  const notes = lab?.notes ?? [];
  return [
    { kind: 'attempts', entry, attempts: lab?.attempts ?? [], workspaceDir },
    { kind: 'writeup', entry, unlocked: hasPassed(lab), file: writeupFile(workspaceDir, id), status: progressStatus(id, state) },
    { kind: 'notesLink', entry, count: notes.length, mistakes: notes.filter((n) => n.tags.some(isMistakeTag)).length },
    { kind: 'mistakes', entry, items: mistakeLogItems(id, lab) },
  ];
}

export function attemptNodes(node: Extract<LearnerNode, { kind: 'attempts' }>): LearnerNode[] {
  // Newest first: the run you just made is on top.
  return [...node.attempts].reverse().map((attempt) => ({ kind: 'attempt', entry: node.entry, attempt, workspaceDir: node.workspaceDir }));
}

export function learnerItem(node: LearnerNode): vscode.TreeItem {
  const id = node.entry.lab.id;
  switch (node.kind) {
    case 'attempts': {
      const n = node.attempts.length;
      const item = new vscode.TreeItem(`Attempts (${n})`, n ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
      item.id = n ? `attempts:${id}` : `attempts:${id}:none`; // Expanded applies to a new id only
      item.iconPath = new vscode.ThemeIcon('history');
      item.tooltip = n ? 'Every Run Check of this lab, newest first.' : 'No checker run yet: use Run Check on the lab.';
      item.contextValue = 'attempts';
      item.accessibilityInformation = { label: `Attempts (${n})` };
      return item;
    }
    case 'attempt':
      return attemptItem(node.entry, node.attempt, node.workspaceDir);
    case 'writeup':
      return writeupItem(node);
    case 'notesLink': {
      const item = new vscode.TreeItem(`Notes (${node.count})`, vscode.TreeItemCollapsibleState.None);
      item.id = `notes:${id}`;
      item.iconPath = new vscode.ThemeIcon('note');
      item.description = node.mistakes ? `${node.mistakes} mistake${node.mistakes === 1 ? '' : 's'}` : undefined;
      item.tooltip = 'Show this lab\'s notes in the Notes view.';
      item.contextValue = 'notesLink';
      item.accessibilityInformation = { label: `Notes (${node.count})${item.description ? `, ${item.description}` : ''}` };
      item.command = { command: 'breakfix.showNotes', title: 'Show Notes', arguments: [{ entry: node.entry }] };
      return item;
    }
    default:
      return mistakeItem(node);
  }
}

function attemptItem(entry: LabEntry, a: Attempt, workspaceDir: string): vscode.TreeItem {
  const item = new vscode.TreeItem(`attempt ${a.n}: ${a.verdict}`, vscode.TreeItemCollapsibleState.None);
  item.id = `attempt:${entry.lab.id}:${a.n}`;
  item.description = a.failed.join(', ');
  const icon = a.verdict === 'pass' ? ['pass', 'testing.iconPassed'] : a.verdict === 'fail' ? ['error', 'testing.iconFailed'] : ['warning', 'testing.iconErrored'];
  item.iconPath = new vscode.ThemeIcon(icon[0], new vscode.ThemeColor(icon[1]));
  const report = a.report ? path.resolve(workspaceDir, a.report) : undefined;
  const lines = [`Attempt ${a.n}: ${a.verdict} at ${new Date(a.at).toLocaleString()}`];
  if (a.failed.length) lines.push(`Failed checks: ${a.failed.join(', ')}`);
  if (a.commit) lines.push(`Commit: ${a.commit.slice(0, 12)}`);
  lines.push(report ? `Click to open the run report (${path.relative(workspaceDir, report)}).` : 'No report was written for this run.');
  item.tooltip = lines.join('\n');
  item.contextValue = 'attempt';
  if (report) item.command = { command: 'markdown.showPreview', title: 'Open Run Report', arguments: [vscode.Uri.file(report)] };
  item.accessibilityInformation = { label: `attempt ${a.n}: ${a.verdict}${a.failed.length ? `, failed ${a.failed.join(', ')}` : ''}` };
  return item;
}

function writeupItem(node: Extract<LearnerNode, { kind: 'writeup' }>): vscode.TreeItem {
  const item = new vscode.TreeItem('Writeup', vscode.TreeItemCollapsibleState.None);
  item.id = `writeup:${node.entry.lab.id}`;
  if (!node.unlocked) {
    item.iconPath = new vscode.ThemeIcon('lock');
    item.description = 'locked';
    item.tooltip = 'Locked: the postmortem writeup unlocks when Run Check passes for this lab. Fix the code, then run the checker.';
    item.contextValue = 'writeup.locked';
    item.accessibilityInformation = { label: 'Writeup, locked until Run Check passes' };
    // Clicking says why it is locked (the command checks again).
    item.command = { command: 'breakfix.openWriteup', title: 'Open Writeup', arguments: [{ entry: node.entry }] };
    return item;
  }
  const exists = fs.existsSync(node.file);
  item.iconPath = new vscode.ThemeIcon(node.status === 'written-up' ? 'verified-filled' : 'book', node.status === 'written-up' ? new vscode.ThemeColor('testing.iconPassed') : undefined);
  item.description = node.status === 'written-up' ? 'validated' : exists ? 'draft' : 'unlocked';
  item.tooltip = `${exists ? 'Open' : 'Create (pre-filled with the measured evidence) and open'} writeups/${path.basename(node.file)}. Validate it when done.`;
  item.contextValue = 'writeup.unlocked';
  item.accessibilityInformation = { label: `Writeup, unlocked, ${item.description}` };
  item.command = { command: 'breakfix.openWriteup', title: 'Open Writeup', arguments: [{ entry: node.entry }] };
  return item;
}
