// breakfix.compareWithBaseline: VS Code's diff of a lab file as it was when the lab was started (read-only)
// against the learner's copy, or, from an attempt in the tree, against the file as that attempt committed it. Takes a lab (tree node or id, then a quick pick of its files), a lab and a
// file inside it, or a file of a started lab (a Uri or an absolute path).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { labLearnerFiles } from '../../core/labs/learnerFiles';
import { loadCore } from '../core';
import type { Ctx } from '../ctx';
import { BASELINE_SCHEME, labTextUri } from '../labText';
import { labFileOf } from '../learnerEvents';
import { resolveLab } from '../pickLab';
import { requireTrust } from '../trust';
import { requireWorkspace } from '../workspace';
import type { CommandFactory } from './types';
import { labCopyDir } from '../../core/workspace/paths';

const TITLE = 'Compare with Baseline';

export const compareWithBaseline: CommandFactory = (ctx) => async (arg, fileArg) => {
  if (!requireTrust(TITLE, 'reads the baseline commit with git')) return;
  const ws = requireWorkspace(ctx, TITLE, 'the lab\'s copy lives in it');
  if (!ws) return;
  const target = await resolveTarget(ctx, ws, arg, fileArg);
  if (!target) return;
  const { labId, rel } = target;
  await ctx.ensureCatalogue();
  await ctx.refreshProgress();
  if (!ctx.state.started.has(labId)) {
    void vscode.window.showWarningMessage(`${TITLE}: ${labId} is not started in this workspace (no labs/${labId}/), so it has no baseline. Start it first.`);
    return;
  }
  const attempt = target.attempt;
  const theirs = attempt ? labTextUri(BASELINE_SCHEME, labId, rel, attempt.commit) : vscode.Uri.file(path.join(labCopyDir(ws, labId), ...rel.split('/')));
  await vscode.commands.executeCommand('vscode.diff', labTextUri(BASELINE_SCHEME, labId, rel), theirs, `${path.basename(rel)} (baseline ↔ ${attempt ? `attempt ${attempt.n}` : 'yours'})`);
};

interface Target {
  labId: string;
  rel: string;
  /** From an attempt node of the tree: compare the baseline with the files of that attempt's commit. */
  attempt?: { n: number; commit: string };
}

/** An attempt node of the labs tree that has a commit. */
function attemptOf(arg: unknown): { n: number; commit: string } | undefined {
  const a = (arg as { kind?: string; attempt?: { n?: unknown; commit?: unknown } } | undefined)?.attempt;
  return (arg as { kind?: string })?.kind === 'attempt' && typeof a?.commit === 'string' && typeof a.n === 'number' ? { n: a.n, commit: a.commit } : undefined;
}

async function resolveTarget(ctx: Ctx, ws: string, arg: unknown, fileArg: unknown): Promise<Target | undefined> {
  const file = isFileUri(arg) ? (arg as vscode.Uri).fsPath : typeof arg === 'string' && path.isAbsolute(arg) ? arg : undefined;
  if (file) {
    const hit = labFileOf(ws, file);
    if (!hit) void vscode.window.showErrorMessage(`${TITLE}: ${file} is not a file of a lab in this workspace; compare works on files under ${path.join(ws, 'labs', '<lab>')}${path.sep}.`);
    return hit;
  }
  const entry = await resolveLab(ctx, arg, { title: TITLE });
  if (!entry) return undefined;
  const labId = entry.lab.id;
  const attempt = attemptOf(arg);
  if (typeof fileArg === 'string' && fileArg) return { labId, rel: fileArg.replace(/\\/g, '/'), attempt };
  const edited = new Set(
    attempt ? await loadCore().changedSinceBaseline(ws, labId, attempt.commit) : ctx.workspaceDir && ctx.state.started.has(labId) ? loadCore().labEdits(entry, ws) : [],
  );
  const toEdit = labLearnerFiles(entry);
  const files = [...toEdit, ...[...edited].filter((f) => !toEdit.includes(f))];
  if (files.length === 0) {
    void vscode.window.showInformationMessage(`${TITLE}: ${labId} lists no learner files and nothing in labs/${labId}/ is edited.`);
    return undefined;
  }
  if (files.length === 1) return { labId, rel: files[0], attempt };
  const picked = await vscode.window.showQuickPick(
    files.map((f) => ({ label: f, description: [toEdit.includes(f) ? 'file to edit' : '', edited.has(f) ? 'edited' : ''].filter(Boolean).join(' · ') })),
    { title: `${TITLE}: ${entry.lab.title}${attempt ? ` (attempt ${attempt.n})` : ''}`, placeHolder: 'Which file?' },
  );
  return picked && { labId, rel: picked.label, attempt };
}

function isFileUri(x: unknown): boolean {
  return !!x && typeof x === 'object' && (x as { scheme?: unknown }).scheme === 'file' && typeof (x as { fsPath?: unknown }).fsPath === 'string';
}
