// breakfix.startAssessment: pick a lab that has an assessment and the minutes; then, as `breakfix assess
// start` does: copy the lab (prepare), bring its stack up, start the timer (begin) and the incident driver.
import * as vscode from 'vscode';
import type { AssessmentHandover } from '../../core/assessment/types';
import type { LabEntry } from '../../core/labs/types';
import { utcClock } from '../assessment/countdown';
import { FOCUS_ASSESSMENT_VIEW } from '../assessment/statusBar';
import { assessmentWatch, driverArgv } from '../assessment/watch';
import { engineEnv } from '../config';
import { loadCore } from '../core';
import type { Ctx } from '../ctx';
import { reportError } from '../errors';
import { withCancellableProgress } from '../progress';
import { bringStackUp } from '../stackUp';
import { requireDocker } from '../trust';
import { requireWorkspace } from '../workspace';
import type { CommandFactory } from './types';

const TITLE = 'Start Assessment';
export const MINUTES = [45, 15, 30, 60] as const;

export const startAssessment: CommandFactory = (ctx) => async () => {
  if (!requireDocker(TITLE)) return;
  const ws = requireWorkspace(ctx, TITLE, 'the lab is copied into it and the assessment is recorded in its .breakfix/');
  if (!ws) return;
  const core = loadCore();
  const running = core.runningFor((await core.readAssessment(ws)).record);
  if (running) {
    const show = 'Show Assessment';
    void vscode.window.showWarningMessage(`${TITLE}: the assessment of ${running.lab} is running here until ${utcClock(running.deadline)}. End it first ("Break/Fix: End Assessment…").`, show).then((pick) => {
      if (pick === show) void vscode.commands.executeCommand(FOCUS_ASSESSMENT_VIEW);
    });
    return;
  }
  const picked = await pickAssessedLab(ctx);
  if (!picked) return;
  const { entry, handover } = picked;
  const minutes = handover?.minutes
    ? { minutes: handover.minutes }
    : await vscode.window.showQuickPick(
        MINUTES.map((m) => ({ label: `${m} minutes`, description: m === 45 ? 'default' : undefined, minutes: m })),
        { title: `${TITLE}: ${entry.lab.title}`, placeHolder: 'How long? The timer starts once the stack is up.' },
      );
  if (!minutes) return;
  const id = entry.lab.id;
  ctx.log.info(`${TITLE}: ${id}, ${minutes.minutes} minutes${handover ? ' (from a hand-over file)' : ''}`);
  await withCancellableProgress(`Starting the assessment of ${id}`, async (signal, report) => {
    try {
      report('copying the lab');
      const { spec, start } = await core.prepareAssessment(entry, ws);
      for (const w of start.warnings) ctx.log.warn(w);
      ctx.log.info(`${TITLE}: ${start.created ? 'copied' : 'using'} ${id} in ${start.dir} (branch ${start.branch}); bringing its stack up, the timer starts once it is healthy`);
      await ctx.refreshProgress();
      await bringStackUp(ctx, entry, signal, report);
      const record = await core.beginAssessment(entry, ws, spec, { minutes: minutes.minutes, ...(handover ? { handover } : {}) });
      const pid = await core.startDriver(ws, driverArgv(ctx, ws), engineEnv());
      ctx.log.info(`${TITLE}: the incident is running (driver pid ${pid}, log .breakfix/assessment/incident.log); time is up at ${utcClock(record.deadline)}`);
      await assessmentWatch(ctx).refresh();
      void vscode.commands.executeCommand(FOCUS_ASSESSMENT_VIEW);
      const [dashboard, diagnose] = ['Open Dashboard', 'Record Diagnosis…'];
      void vscode.window
        .showInformationMessage(`Assessment of ${id} started: ${record.minutes} minutes, until ${utcClock(record.deadline)}. INCIDENT: ${record.ticket.title}`, dashboard, diagnose)
        .then((pick) => {
          if (pick === dashboard) void vscode.commands.executeCommand('breakfix.openDashboard', id);
          if (pick === diagnose) void vscode.commands.executeCommand('breakfix.recordDiagnosis');
        });
    } catch (err) {
      if (signal.aborted) ctx.log.warn(`${TITLE} of ${id} cancelled before the timer started; containers already created keep running until "Stop Stack".`);
      reportError(ctx, `Starting the assessment of ${id}`, err, signal);
    }
  });
};

/** A quick pick of the labs that have an assessment (labs/<id>/assessment.yaml), or a reviewer's hand-over file. */
async function pickAssessedLab(ctx: Ctx): Promise<{ entry: LabEntry; handover?: AssessmentHandover } | undefined> {
  const catalogue = await ctx.ensureCatalogue();
  if (!catalogue) {
    void vscode.window.showErrorMessage(`${TITLE}: the labs could not be loaded: ${ctx.state.loadError ?? 'unknown error'}`);
    return undefined;
  }
  const labs = catalogue.labs.filter((e) => loadCore().hasAssessment(e));
  if (!labs.length) {
    void vscode.window.showInformationMessage(`${TITLE}: no lab of this installation has an assessment (labs/<id>/assessment.yaml).`);
    return undefined;
  }
  const fromFile = { label: '$(file) From a hand-over file…', description: "a reviewer's file: lab, minutes, seed", entry: undefined };
  const picked = await vscode.window.showQuickPick(
    [...labs.map((entry) => ({ label: entry.lab.title, description: `${entry.lab.id} · ${entry.lab.level}`, detail: entry.lab.summary, entry })), fromFile],
    { title: TITLE, placeHolder: 'Pick a lab to be assessed on (its hints and solution are locked meanwhile)', matchOnDescription: true, matchOnDetail: true },
  );
  if (!picked) return undefined;
  if (picked.entry) return { entry: picked.entry };
  const files = await vscode.window.showOpenDialog({ title: `${TITLE}: the hand-over file your reviewer sent`, canSelectMany: false, filters: { 'Assessment hand-over': ['yaml', 'yml', 'json'] } });
  if (!files?.[0]) return undefined;
  let handover: AssessmentHandover;
  try {
    handover = loadCore().loadHandover(files[0].fsPath);
  } catch (err) {
    void vscode.window.showErrorMessage(`${TITLE}: ${err instanceof Error ? err.message : String(err)}`, { modal: true });
    return undefined;
  }
  const entry = labs.find((e) => e.lab.id === handover.lab);
  if (!entry) {
    void vscode.window.showErrorMessage(`${TITLE}: the hand-over file names "${handover.lab}", which has no assessment in this installation of Break/Fix Labs. Labs with one: ${labs.map((e) => e.lab.id).join(', ')}.`);
    return undefined;
  }
  return { entry, handover };
}
