// breakfix.addNote: a note on a lab (input box), tagged from the known tags (multi-select quick pick);
// mistake tags build the lab's mistake log. Works in Restricted Mode: it only writes .breakfix/progress.json.
import * as vscode from 'vscode';
import { TAGS } from '../../core/progress/tags';
import type { LabEntry } from '../../core/labs/types';
import { loadCore } from '../core';
import type { Ctx } from '../ctx';
import { reportError } from '../errors';
import { resolveLab } from '../pickLab';
import { notesLabOf } from '../tree/notesView';
import { requireWorkspace } from '../workspace';
import type { CommandFactory } from './types';

const TITLE = 'Add Note';

export const addNote: CommandFactory = (ctx) => async (arg) => {
  const ws = requireWorkspace(ctx, TITLE, 'notes are kept in its .breakfix/progress.json');
  if (!ws) return;
  const entry = await labFor(ctx, arg);
  if (!entry) return;
  const id = entry.lab.id;
  const text = await vscode.window.showInputBox({
    title: `${TITLE}: ${entry.lab.title}`,
    prompt: 'What did you see, try or get wrong? Next you can tag it.',
    placeHolder: 'e.g. one notification cost 10 provider calls during the outage',
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : 'Write the note, or press Escape to cancel.'),
  });
  if (text === undefined) return;
  const picked = await vscode.window.showQuickPick(
    TAGS.map((t) => ({ label: t.tag, description: t.kind === 'mistake' ? 'mistake' : undefined, detail: t.meaning })),
    { title: `${TITLE}: tags (optional)`, placeHolder: 'Pick tags (mistake tags go into the mistake log), then press Enter', canPickMany: true, matchOnDetail: true, ignoreFocusOut: true },
  );
  if (picked === undefined) return;
  const tags = picked.map((p) => p.label);
  try {
    const { result, warnings } = await loadCore().addNote(ws, id, text.trim(), tags);
    for (const w of warnings) ctx.log.warn(w);
    ctx.log.info(`Note ${result.count} added to ${id}${tags.length ? ` [${tags.join(', ')}]` : ''}`);
    ctx.setNotesLab(id);
    await ctx.refreshProgress();
    void vscode.window.showInformationMessage(`Note added to ${id} (${result.count} in all).`, 'Show Notes').then((pick) => {
      if (pick) void vscode.commands.executeCommand('breakfix.showNotes', id);
    });
  } catch (err) {
    reportError(ctx, `Adding a note to ${id}`, err);
  }
};

/** From the Notes view's title bar (no argument, or null with nothing focused): the lab it shows; otherwise the usual resolution. */
async function labFor(ctx: Ctx, arg: unknown): Promise<LabEntry | undefined> {
  if (arg === undefined || arg === null) {
    await ctx.ensureCatalogue();
    const shown = notesLabOf(ctx.state);
    const entry = shown && ctx.findLab(shown);
    if (entry) return entry;
  }
  return resolveLab(ctx, arg, { title: TITLE });
}
