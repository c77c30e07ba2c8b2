// Which lab a writeup command acts on: a tree node, a lab id, the writeup file itself
// (writeups/<lab>.md, from the editor title), or a quick pick.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LabEntry } from '../core/labs/types';
import type { Ctx } from './ctx';
import { resolveLab } from './pickLab';

export async function writeupLab(ctx: Ctx, arg: unknown, title: string): Promise<LabEntry | undefined> {
  const fsPath = (arg as { scheme?: string; fsPath?: string } | undefined)?.scheme === 'file' ? (arg as { fsPath: string }).fsPath : undefined;
  if (!fsPath) return resolveLab(ctx, arg, { title });
  const labId = path.basename(fsPath, '.md');
  await ctx.ensureCatalogue();
  const entry = path.basename(path.dirname(fsPath)) === 'writeups' ? ctx.findLab(labId) : undefined;
  if (!entry) void vscode.window.showErrorMessage(`${title}: ${fsPath} is not a lab writeup; writeups are writeups/<lab id>.md in the workspace (open one with "Break/Fix: Open Writeup").`);
  return entry;
}
