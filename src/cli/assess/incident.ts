// The incident driver's process (started detached by `assess start` and `assess submit`, or the extension).
import { realClock } from '../../core/checker/timeline';
import { realIncidentEffects, runIncident } from '../../core/assessment/incident';
import { requireRunning, submitAssessment } from '../../core/assessment/lifecycle';
import { updateAssessment } from '../../core/assessment/record';
import { buildReport, writeAssessmentReport } from '../../core/assessment/report';
import { hiddenScenario } from '../../core/assessment/scenario';
import { loadAssessmentSpec } from '../../core/assessment/spec';
import { resolveWorkspace } from '../../core/workspace/paths';
import { flag, type AssessStep } from './step';

export const incidentStep: AssessStep = {
  name: 'incident',
  usage: 'assess incident --workspace DIR',
  summary: 'The incident driver (run by the product)',
  hidden: true,
  async run(ctx) {
    const ws = resolveWorkspace(flag(ctx, 'workspace'));
    const r = await requireRunning(ws);
    const entry = await ctx.lab(r.lab);
    const spec = loadAssessmentSpec(entry);
    const stop = new AbortController();
    const onTerm = () => stop.abort();
    process.once('SIGTERM', onTerm);
    ctx.signal.addEventListener('abort', onTerm, { once: true });
    const log = (line: string) => ctx.err(`${new Date().toISOString()} ${line}`);
    log(`[incident] driver ${process.pid} for ${r.lab} until ${r.deadline}`);
    try {
      const effects = await realIncidentEffects(entry, {
        rate: spec.load.rate,
        log,
        submit: async () => {
          const { submit } = await submitAssessment(entry, ws, { auto: true, log });
          log(`[incident] automatic submit ${submit.n}: ${submit.verdict}`);
          const record = await requireRunning(ws);
          await writeAssessmentReport(ws, await buildReport(entry, ws, record));
        },
      });
      const outcome = await runIncident({ scenario: hiddenScenario(r.faults, r.seed), startMs: Date.parse(r.startedAt), deadlineMs: Date.parse(r.deadline), clock: realClock, effects, signal: stop.signal, log });
      log(`[incident] ${outcome}`);
    } finally {
      process.off('SIGTERM', onTerm);
      await updateAssessment(ws, (rec) => {
        if (rec?.driver?.pid === process.pid) delete rec.driver;
      });
    }
    return 0;
  },
};
