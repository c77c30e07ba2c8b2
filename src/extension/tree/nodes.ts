// What the labs tree shows. Errors and empty states are nodes with an action, never toasts.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LabEntry, LabProblem, Level } from '../../core/labs/types';
import type { LabProgressStatus } from '../../core/progress/types';
import { lockMessage } from '../../core/assessment/locks';
import type { LabsState } from '../ctx';
import { labServices } from '../labServices';
import { healthSummary, missingServices } from '../stackHealth';
import { learnerItem, progressStatus, STATUS_TEXT, type LearnerNode } from './learnerNodes';

export type Node =
  | { kind: 'level'; level: Level; labs: LabEntry[] }
  // A lab row carries its id: commands resolve it in the current catalogue (pickLab.ts).
  | { kind: 'lab'; labId: string; entry: LabEntry; expandable?: boolean }
  | { kind: 'problems'; labDir: string; problems: LabProblem[] }
  | { kind: 'problem'; problem: LabProblem }
  | { kind: 'message'; id: string; label: string; icon: string; tooltip: string; command?: vscode.Command }
  | LearnerNode;

export function message(id: string, label: string, icon: string, tooltip: string, command?: vscode.Command): Node {
  return { kind: 'message', id, label, icon, tooltip, command };
}

export function toTreeItem(node: Node, state: LabsState): vscode.TreeItem {
  switch (node.kind) {
    case 'level':
      return levelItem(node.level, node.labs);
    case 'lab':
      return labItem(node.entry, state, node.expandable);
    case 'problems': {
      const n = node.problems.length;
      const item = new vscode.TreeItem(`${path.basename(node.labDir)}: lab.yaml has ${n} problem${n === 1 ? '' : 's'}`, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `problems:${node.labDir}`;
      item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
      item.tooltip = `${node.labDir}\nThis lab is not listed until its lab.yaml is fixed.`;
      item.contextValue = 'problems';
      return item;
    }
    case 'problem':
      return problemItem(node.problem);
    case 'message': {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
      item.id = `message:${node.id}`;
      item.iconPath = new vscode.ThemeIcon(node.icon);
      item.tooltip = node.tooltip;
      item.command = node.command;
      item.contextValue = 'message';
      return item;
    }
    default:
      return learnerItem(node);
  }
}

function levelItem(level: Level, labs: LabEntry[]): vscode.TreeItem {
  const item = new vscode.TreeItem(level[0].toUpperCase() + level.slice(1), vscode.TreeItemCollapsibleState.Expanded);
  item.id = `level:${level}`;
  item.description = `${labs.length}`;
  item.contextValue = 'level';
  return item;
}

export type LabStatus = 'running' | 'passed' | 'not-started';

export function labStatus(id: string, state: LabsState): LabStatus {
  if (state.running.has(id)) return 'running';
  return state.passed.has(id) ? 'passed' : 'not-started';
}

function labItem(entry: LabEntry, state: LabsState, expandable = false): vscode.TreeItem {
  const { lab } = entry;
  const status = labStatus(lab.id, state);
  const learner = progressStatus(lab.id, state);
  const collapsible = expandable ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None;
  const item = new vscode.TreeItem(lab.title, collapsible);
  // A new id once it has children: VS Code applies Expanded only to an element it has not seen.
  item.id = expandable ? `lab:${lab.id}:started` : `lab:${lab.id}`;
  const domains = lab.domains.map((d) => `#${d}`).join(' ');
  item.description = learner === 'not-started' ? domains : `${STATUS_TEXT[learner]} · ${domains}`;
  const services = state.running.get(lab.id);
  const declared = status === 'running' ? labServices(entry) : [];
  const stackText = status === 'running' ? `stack running, ${healthSummary(services ?? [], declared)}` : undefined;
  const statusText = [STATUS_TEXT[learner], stackText].filter(Boolean).join(', ');
  const tooltip = new vscode.MarkdownString(undefined, true);
  tooltip.appendMarkdown(`**${escape(lab.title)}**  \n`);
  tooltip.appendMarkdown(`\`${lab.id}\` · ${lab.level} · ${STATUS_TEXT[learner]}${stackText ? `  \nStack: ${stackText.replace('stack ', '')}` : ''}\n\n`);
  tooltip.appendText(lab.summary);
  item.tooltip = tooltip;
  item.iconPath = status === 'running' ? statusIcon(status, services, declared) : learnerIcon(learner);
  // lab.running | lab.stopped, then .started and .passed when they apply: menus match on these parts.
  const started = state.started.has(lab.id) ? '.started' : '';
  // .assessed last: a running assessment of this lab hides its Reveal Hint and Show Solution (package.json menus).
  const assessed = lockMessage(state.assessment, lab.id, 'hints') ? '.assessed' : '';
  item.contextValue = `lab.${status === 'running' ? 'running' : 'stopped'}${started}${state.passed.has(lab.id) ? '.passed' : ''}${assessed}`;
  if (assessed) tooltip.appendMarkdown('\n\n$(watch) Under assessment: hints and the solution are locked until it ends.');
  item.command = { command: 'breakfix.showLabSpec', title: 'Show Lab Spec', arguments: [{ entry }] };
  item.accessibilityInformation = { label: `${lab.title}, ${lab.level}, ${statusText}` };
  return item;
}

function learnerIcon(status: LabProgressStatus): vscode.ThemeIcon {
  switch (status) {
    case 'not-started':
      return new vscode.ThemeIcon('circle-outline');
    case 'running':
      return new vscode.ThemeIcon('circle-large-outline', new vscode.ThemeColor('testing.iconQueued'));
    case 'broken':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
    case 'fixed':
      return new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed'));
    case 'written-up':
      return new vscode.ThemeIcon('verified-filled', new vscode.ThemeColor('testing.iconPassed'));
  }
}

function statusIcon(status: LabStatus, services: { service: string; state: string; health: string }[] = [], declared: readonly string[] = []): vscode.ThemeIcon {
  if (status === 'running') {
    const allUp = services.every((s) => s.state === 'running' && s.health !== 'unhealthy' && s.health !== 'starting') && !missingServices(services, declared).length;
    return new vscode.ThemeIcon('pulse', new vscode.ThemeColor(allUp ? 'testing.iconPassed' : 'testing.iconQueued'));
  }
  if (status === 'passed') return new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed'));
  return new vscode.ThemeIcon('circle-outline');
}

/** `where` is `path:line:col`; clicking opens the file there. */
function problemItem(problem: LabProblem): vscode.TreeItem {
  const loc = parseWhere(problem.where);
  const file = path.resolve(problem.labDir, loc.file);
  const item = new vscode.TreeItem(problem.message, vscode.TreeItemCollapsibleState.None);
  item.id = `problem:${problem.where}:${problem.message}`;
  item.description = `${path.basename(problem.labDir)}/${path.basename(file)}${loc.line ? `:${loc.line}` : ''}`;
  item.tooltip = `${problem.where}\n${problem.message}\nHint: ${problem.hint}`;
  item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
  item.contextValue = 'problem';
  const pos = new vscode.Position(Math.max(0, (loc.line ?? 1) - 1), Math.max(0, (loc.col ?? 1) - 1));
  item.command = {
    command: 'vscode.open',
    title: 'Open lab.yaml',
    arguments: [vscode.Uri.file(file), { selection: new vscode.Range(pos, pos) }],
  };
  return item;
}

export function parseWhere(where: string): { file: string; line?: number; col?: number } {
  const m = /^(.*?)(?::(\d+))?(?::(\d+))?$/.exec(where);
  if (!m) return { file: where };
  return { file: m[1], line: m[2] ? Number(m[2]) : undefined, col: m[3] ? Number(m[3]) : undefined };
}

function escape(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
