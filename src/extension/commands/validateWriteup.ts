// breakfix.validateWriteup: checks the writeup (every section written, Metric cites a measured number).
// Problems become diagnostics at their lines in the writeup; a valid writeup moves the lab to written up.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { loadCore } from '../core';
import { reportError } from '../errors';
import { completeStep } from '../walkthrough';
import { plural, requireWorkspace } from '../workspace';
import { writeupLab } from '../writeupTarget';
import type { CommandFactory } from './types';
import { writeupPath } from '../../core/workspace/paths';

const TITLE = 'Validate Writeup';

export const validateWriteup: CommandFactory = (ctx) => {
  const diagnostics = vscode.languages.createDiagnosticCollection('breakfix-writeup');
  ctx.push(diagnostics);
  return async (arg) => {
    const ws = requireWorkspace(ctx, TITLE, 'writeups are kept in its writeups/ folder');
    if (!ws) return;
    const entry = await writeupLab(ctx, arg, TITLE);
    if (!entry) return;
    const id = entry.lab.id;
    try {
      // Validate what the learner sees: save an open, edited writeup first.
      const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && path.resolve(d.uri.fsPath) === writeupPath(ws, id));
      if (open?.isDirty) await open.save();
      const r = await loadCore().checkWriteup(entry, ws);
      for (const w of r.warnings) ctx.log.warn(w);
      const uri = vscode.Uri.file(r.file);
      diagnostics.set(
        uri,
        r.problems.map((p) => {
          const line = Math.max(0, p.line - 1);
          const d = new vscode.Diagnostic(new vscode.Range(line, 0, line, Number.MAX_SAFE_INTEGER), `${p.section}: ${p.message}`, vscode.DiagnosticSeverity.Warning);
          d.source = 'Break/Fix';
          return d;
        }),
      );
      await ctx.refreshProgress();
      const words = Object.values(r.words).reduce((a, b) => a + b, 0);
      if (r.ok) {
        ctx.log.info(`Writeup of ${id} is valid (${words} words of your own); the lab is written up`);
        completeStep('writtenUp');
        void vscode.window.showInformationMessage(`The writeup of ${id} is complete (${words} words of your own): the lab is written up.`);
        return;
      }
      ctx.log.warn(`Writeup of ${id}: ${r.problems.map((p) => `line ${p.line} ${p.section}: ${p.message}`).join('; ')}`);
      if (!open) await vscode.window.showTextDocument(uri, { preview: false });
      void vscode.window.showWarningMessage(`${plural(r.problems.length, 'problem')} in writeups/${path.basename(r.file)}: ${r.problems[0].section}: ${r.problems[0].message}`, 'Show Problems').then((pick) => {
        if (pick) void vscode.commands.executeCommand('workbench.actions.view.problems');
      });
    } catch (err) {
      reportError(ctx, `Validating the writeup of ${id}`, err);
    }
  };
};
