// breakfix.recordDiagnosis: a three-step form (the root cause from the offered list, the symptom, the
// evidence), then recorded as `breakfix assess diagnose` does. Escape at any step records nothing.
import * as vscode from 'vscode';
import { formatCountdown, secondsLeft } from '../../core/assessment/record';
import { offeredOrder } from '../../core/assessment/scenario';
import { requireRunningAssessment } from '../assessment/running';
import { assessmentWatch } from '../assessment/watch';
import { loadCore } from '../core';
import { reportError } from '../errors';
import { requireTrust } from '../trust';
import type { CommandFactory } from './types';

const TITLE = 'Record Diagnosis';

/** For an input box: a message when the answer is blank. */
export const required = (what: string) => (value: string) => (value.trim() ? undefined : `Say ${what}; it cannot be empty.`);

export const recordDiagnosis: CommandFactory = (ctx) => async () => {
  if (!requireTrust(TITLE, 'writes the assessment record in .breakfix/')) return;
  const running = await requireRunningAssessment(ctx, TITLE);
  if (!running) return;
  const { ws, record, entry } = running;
  const core = loadCore();
  try {
    const spec = core.loadAssessmentSpec(entry);
    const before = record.diagnosis;
    const cause = await vscode.window.showQuickPick(
      offeredOrder(spec.rootCauses, record.seed).map((c) => ({ label: c.text, description: c.id === before?.rootCause ? `${c.id} (your last choice)` : c.id, id: c.id })),
      { title: `${TITLE} (1/3): the root cause`, placeHolder: 'Which of these explains the ticket? Pick one.', matchOnDescription: true, ignoreFocusOut: true },
    );
    if (!cause) return cancelled();
    const symptom = await vscode.window.showInputBox({
      title: `${TITLE} (2/3): the symptom`,
      prompt: 'What do you see? (for example: provider calls run at ten times the incoming rate during provider errors)',
      value: before?.symptom ?? '',
      ignoreFocusOut: true,
      validateInput: required('what you see'),
    });
    if (symptom === undefined) return cancelled();
    const evidence = await vscode.window.showInputBox({
      title: `${TITLE} (3/3): the evidence`,
      prompt: 'Which panels and numbers show it? (for example: provider-calls 2,400/s against 250/s enqueued at 10:42)',
      value: before?.evidence ?? '',
      ignoreFocusOut: true,
      validateInput: required('which panels and numbers show it'),
    });
    if (evidence === undefined) return cancelled();
    const d = await core.recordDiagnosis(entry, ws, { rootCause: cause.id, symptom, evidence });
    await assessmentWatch(ctx).refresh();
    ctx.log.info(`${TITLE}: ${d.rootCause} at ${d.at}`);
    const left = secondsLeft(record);
    const submit = 'Submit…';
    void vscode.window
      .showInformationMessage(`Diagnosis recorded at ${d.at.slice(11, 19)} UTC: ${d.rootCause}. Now fix labs/${entry.lab.id}/ and Submit (${formatCountdown(left)} left).`, submit)
      .then((pick) => {
        if (pick === submit) void vscode.commands.executeCommand('breakfix.submitAssessment');
      });
  } catch (err) {
    reportError(ctx, `Recording the diagnosis of ${entry.lab.id}`, err);
  }

  function cancelled(): void {
    ctx.log.info(`${TITLE}: cancelled, nothing recorded`);
  }
};
