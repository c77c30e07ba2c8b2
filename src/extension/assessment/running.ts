// The running assessment a command acts on: the workspace, the record (read now, not the watch's copy)
// and the bundled lab it assesses. Says what is missing and offers the next step when there is none.
import * as vscode from 'vscode';
import type { AssessmentRecord } from '../../core/assessment/types';
import type { LabEntry } from '../../core/labs/types';
import { loadCore } from '../core';
import type { Ctx } from '../ctx';
import { requireWorkspace } from '../workspace';
import { assessmentWatch } from './watch';

export interface Running {
  ws: string;
  record: AssessmentRecord;
  entry: LabEntry;
}

export async function requireRunningAssessment(ctx: Ctx, title: string): Promise<Running | undefined> {
  const ws = requireWorkspace(ctx, title, 'the assessment record is kept in its .breakfix/assessment.json');
  if (!ws) return undefined;
  const { record } = await loadCore().readAssessment(ws);
  void assessmentWatch(ctx).refresh();
  if (!record || record.endedAt) {
    const why = record ? `the assessment of ${record.lab} has ended (${record.endedAt?.slice(0, 16).replace('T', ' ')} UTC)` : 'no assessment is running in this workspace';
    const start = 'Start Assessment…';
    void vscode.window.showInformationMessage(`${title}: ${why}. Start one with "Break/Fix: Start Assessment…".`, start).then((pick) => {
      if (pick === start) void vscode.commands.executeCommand('breakfix.startAssessment');
    });
    return undefined;
  }
  const catalogue = await ctx.ensureCatalogue();
  const entry = ctx.findLab(record.lab);
  if (!entry) {
    void vscode.window.showErrorMessage(
      `${title}: the running assessment is of "${record.lab}", which ${catalogue ? 'this installation of Break/Fix Labs does not have' : `could not be loaded (${ctx.state.loadError ?? 'unknown error'})`}. Install the version it was started with, or end it with "Break/Fix: End Assessment…".`,
    );
    return undefined;
  }
  return { ws, record, entry };
}
