// breakfix.submitAssessment: as `breakfix assess submit`: the incident driver stops (its faults are
// reverted), the full check runs on the candidate's files and is recorded as a submit and an attempt, and
// the driver starts again while time is left. The verdict and the failing checks end in a notification.
import * as vscode from 'vscode';
import type { CheckOutcome, Submit } from '../../core/assessment/types';
import { utcClock } from '../assessment/countdown';
import { requireRunningAssessment } from '../assessment/running';
import { assessmentWatch, driverArgv } from '../assessment/watch';
import { engineEnv } from '../config';
import { compose, dockerCore } from '../docker';
import { engineReachable, reportError } from '../errors';
import { withCancellableProgress } from '../progress';
import { requireDocker } from '../trust';
import { checkProgressFromLog, checkResultsFromReport, dashboards } from '../webviews/dashboard';
import type { CommandFactory } from './types';

const TITLE = 'Submit';

export const submitAssessment: CommandFactory = (ctx) => async () => {
  if (!requireDocker(TITLE)) return;
  const running = await requireRunningAssessment(ctx, TITLE);
  if (!running) return;
  const { ws, entry } = running;
  const id = entry.lab.id;
  const core = dockerCore();
  if (core.timeUp(running.record)) {
    void vscode.window.showWarningMessage(`${TITLE}: time was up at ${utcClock(running.record.deadline)}; the last submit counts. Write the postmortem (Open Writeup on ${id}), then Open Report.`);
    return;
  }
  ctx.log.info(`${TITLE} ${id}: the incident pauses for the check (its faults are reverted; the check replays the lab's own)`);
  await withCancellableProgress(`Submitting ${id} (the full check)`, async (signal, report) => {
    try {
      report('pausing the incident');
      await core.stopDriver(ws);
      const result = await core.submitAssessment(entry, ws, {
        signal,
        env: engineEnv(),
        compose: await compose(core),
        log: (line) => {
          ctx.log.info(`[${id} submit] ${line}`);
          report(line.length > 80 ? line.slice(0, 77) + '…' : line);
          const progress = checkProgressFromLog(line);
          if (progress) dashboards(ctx).postCheck(id, progress);
        },
      });
      engineReachable(ctx);
      for (const w of result.warnings) ctx.log.warn(w);
      dashboards(ctx).postCheck(id, checkResultsFromReport(result.report));
      ctx.log.info(`${TITLE} ${result.submit.n} of ${id}: ${result.submit.verdict}${result.submit.failed.length ? `, failed ${result.submit.failed.join(', ')}` : ''}`);
      showVerdict(result.submit, id);
    } catch (err) {
      reportError(ctx, `Submitting ${id}`, err, signal);
    } finally {
      await resumeIncident();
    }
  });

  async function resumeIncident(): Promise<void> {
    try {
      const now = core.runningFor((await core.readAssessment(ws)).record);
      if (now && !core.timeUp(now)) {
        await core.startDriver(ws, driverArgv(ctx, ws), engineEnv());
        ctx.log.info(`${TITLE} ${id}: the incident goes on`);
      }
    } catch (err) {
      ctx.log.error(`${TITLE} ${id}: the incident driver did not start again: ${err instanceof Error ? err.message : String(err)}. Submit again to restart it.`);
    }
    await ctx.refreshProgress();
    await assessmentWatch(ctx).refresh();
  }
};

/** `p95-enqueue: 0.31 s (needs < 0.15)`. */
export function failedLine(c: CheckOutcome): string {
  const unit = c.unit === 'seconds' ? ' s' : c.unit === 'percent' ? ' %' : '';
  return `${c.title}: ${c.measured ?? 'no data'}${typeof c.measured === 'number' ? unit : ''} (needs ${c.op} ${c.threshold}${unit})`;
}

function showVerdict(s: Submit, labId: string): void {
  const report = 'Open Report';
  if (s.verdict === 'pass') {
    const writeup = 'Open Writeup';
    void vscode.window.showInformationMessage(`Submit ${s.n}: pass. Every check passed. Write the postmortem (Open Writeup), then Open Report.`, writeup, report).then((pick) => {
      if (pick === writeup) void vscode.commands.executeCommand('breakfix.openWriteup', labId);
      if (pick === report) void vscode.commands.executeCommand('breakfix.openAssessmentReport');
    });
    return;
  }
  const failing = s.checks.filter((c) => !c.pass).map(failedLine);
  const why = s.verdict === 'error' ? `the check could not run: ${s.error ?? 'see the output'}` : `failed ${failing.join('; ')}`;
  void vscode.window.showWarningMessage(`Submit ${s.n}: ${s.verdict}, ${why}. Fix labs/${labId}/ and Submit again.`);
}
