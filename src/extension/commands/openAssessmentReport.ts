// breakfix.openAssessmentReport: writes the report of the assessment in this workspace (running or last
// run; report.md, report.html, report.json under .breakfix/assessment/<id>/) and opens report.md in the
// Markdown preview. Not report.html: VS Code shows an HTML file as source, and code-server's browser cannot
// open a file of the server; the Markdown preview renders the same content everywhere. The HTML is the
// reviewer's copy (it also goes into the bundle). While an assessment runs, it opens only in its postmortem
// phase: it names the hidden incident's faults.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { requireWorkspace } from '../workspace';
import { loadCore } from '../core';
import { reportError } from '../errors';
import { requireTrust } from '../trust';
import type { CommandFactory } from './types';

const TITLE = 'Open Report';

export const openAssessmentReport: CommandFactory = (ctx) => async () => {
  if (!requireTrust(`${TITLE} (assessment)`, 'reads your changes and writeup with git and writes the report into .breakfix/')) return;
  const ws = requireWorkspace(ctx, TITLE, 'the assessment record is kept in its .breakfix/assessment.json');
  if (!ws) return;
  const core = loadCore();
  try {
    const { record } = await core.readAssessment(ws);
    if (!record) {
      const start = 'Start Assessment…';
      void vscode.window.showInformationMessage(`${TITLE}: no assessment was started in this workspace.`, start).then((pick) => {
        if (pick === start) void vscode.commands.executeCommand('breakfix.startAssessment');
      });
      return;
    }
    // The report reveals the hidden incident (which faults, when): not while the candidate is still diagnosing or fixing.
    const locked = core.reportLockMessage(record);
    if (locked) {
      void vscode.window.showWarningMessage(`${TITLE}: ${locked}`);
      return;
    }
    await ctx.ensureCatalogue();
    const entry = ctx.findLab(record.lab);
    if (!entry) {
      void vscode.window.showErrorMessage(`${TITLE}: the assessment is of "${record.lab}", which this installation of Break/Fix Labs does not have. Install the version it was taken with.`);
      return;
    }
    const report = await core.buildReport(entry, ws, record);
    const files = await core.writeAssessmentReport(ws, report);
    ctx.log.info(`${TITLE}: score ${report.score.total} / ${report.score.max}; ${files.md} (also report.html, report.json)`);
    await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.file(files.md));
    const rel = path.relative(ws, files.dir);
    void vscode.window.showInformationMessage(`Assessment report of ${record.lab}: score ${report.score.total} / ${report.score.max}${record.endedAt ? '' : ' so far'}. Written to ${rel}/ (report.md, report.html, report.json).`);
  } catch (err) {
    reportError(ctx, 'Writing the assessment report', err);
  }
};
