// The incident driver's whole run, as the detached process runs it: the CLI's hidden `assess incident` step
// and the extension's dist/driver.js both call driveIncident. It replays the hidden scenario until the time
// is up, submits, writes the report, and clears its pid from the record on the way out.
import { realClock } from '../checker/timeline';
import type { LabEntry } from '../labs/types';
import { realIncidentEffects, runIncident } from './incident';
import { requireRunning, submitAssessment } from './lifecycle';
import { updateAssessment } from './record';
import { buildReport, writeAssessmentReport } from './report';
import { hiddenScenario } from './scenario';
import { loadAssessmentSpec } from './spec';

export async function driveIncident(workspaceDir: string, findLab: (id: string) => Promise<LabEntry>, opts: { signal: AbortSignal; log: (line: string) => void }): Promise<'time-up' | 'stopped'> {
  const r = await requireRunning(workspaceDir);
  const entry = await findLab(r.lab);
  const spec = loadAssessmentSpec(entry);
  const log = (line: string) => opts.log(`${new Date().toISOString()} ${line}`);
  log(`[incident] driver ${process.pid} for ${r.lab} until ${r.deadline}`);
  try {
    const effects = await realIncidentEffects(entry, {
      rate: spec.load.rate,
      log,
      submit: async () => {
        const { submit } = await submitAssessment(entry, workspaceDir, { auto: true, log });
        log(`[incident] automatic submit ${submit.n}: ${submit.verdict}`);
        await writeAssessmentReport(workspaceDir, await buildReport(entry, workspaceDir, await requireRunning(workspaceDir)));
      },
    });
    const outcome = await runIncident({ scenario: hiddenScenario(r.faults, r.seed), startMs: Date.parse(r.startedAt), deadlineMs: Date.parse(r.deadline), clock: realClock, effects, signal: opts.signal, log });
    log(`[incident] ${outcome}`);
    return outcome;
  } finally {
    await updateAssessment(workspaceDir, (rec) => {
      if (rec?.driver?.pid === process.pid) delete rec.driver;
    });
  }
}

/** Aborts on SIGTERM (stopDriver) or SIGINT: the driver then reverts its faults and stops the load. */
export function terminationSignal(): AbortSignal {
  const stop = new AbortController();
  const abort = () => stop.abort();
  process.once('SIGTERM', abort);
  process.once('SIGINT', abort);
  return stop.signal;
}
