// breakfix.showNotes: shows a lab's notes in the Notes view (the tree's "Notes (N)" node runs this).
import * as vscode from 'vscode';
import { resolveLab } from '../pickLab';
import type { CommandFactory } from './types';

export const showNotes: CommandFactory = (ctx) => async (arg) => {
  const entry = await resolveLab(ctx, arg, { title: 'Show Notes' });
  if (!entry) return;
  ctx.setNotesLab(entry.lab.id);
  await vscode.commands.executeCommand('breakfix.notes.focus');
};
