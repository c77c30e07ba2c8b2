// breakfix.endAssessment: as `breakfix assess end`: asks first while time is left, stops the incident
// driver, ends the assessment. The locks lift; the record stays (Open Report still works).
import * as vscode from 'vscode';
import { requireRunningAssessment } from '../assessment/running';
import { assessmentWatch } from '../assessment/watch';
import { loadCore } from '../core';
import { reportError } from '../errors';
import { requireTrust } from '../trust';
import type { CommandFactory } from './types';

const TITLE = 'End Assessment';

export const endAssessment: CommandFactory = (ctx) => async () => {
  if (!requireTrust(TITLE, 'stops the incident driver and writes the assessment record')) return;
  const running = await requireRunningAssessment(ctx, TITLE);
  if (!running) return;
  const { ws, record } = running;
  const core = loadCore();
  const left = core.secondsLeft(record);
  if (left > 0) {
    const end = 'End Assessment';
    const pick = await vscode.window.showWarningMessage(
      `End the assessment of ${record.lab} with ${Math.ceil(left / 60)} minutes left?`,
      { modal: true, detail: 'The incident stops and the locks lift. No more submits count after this; the last one stands.' },
      end,
    );
    if (pick !== end) return;
  }
  try {
    const stopped = await core.stopDriver(ws);
    await core.endAssessment(ws, 'ended by the candidate');
    ctx.log.info(`${TITLE}: ${record.lab} ended (incident driver ${stopped})`);
    await assessmentWatch(ctx).refresh();
    const report = 'Open Report';
    void vscode.window.showInformationMessage(`The assessment of ${record.lab} has ended: hints and the solution are unlocked.`, report).then((pick) => {
      if (pick === report) void vscode.commands.executeCommand('breakfix.openAssessmentReport');
    });
  } catch (err) {
    reportError(ctx, `Ending the assessment of ${record.lab}`, err);
  }
};
