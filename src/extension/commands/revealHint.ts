// breakfix.revealHint: the lab's next hint in a notification; the core counts how many were revealed.
import * as vscode from 'vscode';
import { loadCore } from '../core';
import { refusedByAssessment } from '../assessment/locked';
import { reportError } from '../errors';
import { resolveLab } from '../pickLab';
import { requireWorkspace } from '../workspace';
import type { CommandFactory } from './types';

const TITLE = 'Reveal Hint';

export const revealHint: CommandFactory = (ctx) => async (arg) => {
  const ws = requireWorkspace(ctx, TITLE, 'revealed hints are counted in its .breakfix/progress.json');
  if (!ws) return;
  const entry = await resolveLab(ctx, arg, { title: TITLE });
  if (!entry) return;
  const { id, hints } = entry.lab;
  if (await refusedByAssessment(ctx, TITLE, id, 'hints')) return;
  if (hints.length === 0) {
    void vscode.window.showInformationMessage(`${id} has no hints.`);
    return;
  }
  try {
    const r = await loadCore().revealNextHint(ws, id, hints);
    for (const w of r.warnings) ctx.log.warn(w);
    await ctx.refreshProgress();
    const n = r.shown.length;
    ctx.log.info(`Hint ${n}/${r.total} of ${id}${r.revealedNew ? ' revealed' : ' (all were already revealed)'}`);
    if (!r.revealedNew) {
      const detail = r.shown.map((h, i) => `${i + 1}. ${h}`).join('\n\n');
      await vscode.window.showInformationMessage(`All ${r.total} hints of ${id} are revealed.`, { modal: true, detail });
      return;
    }
    const more = n < r.total ? 'Next Hint' : undefined;
    void vscode.window.showInformationMessage(`Hint ${n}/${r.total}: ${r.shown[n - 1]}`, ...(more ? [more] : [])).then((pick) => {
      if (pick === more) void vscode.commands.executeCommand('breakfix.revealHint', id);
    });
  } catch (err) {
    reportError(ctx, `Revealing a hint of ${id}`, err);
  }
};
