// The incident driver's process, started detached by `assess start` and `assess submit`.
import { driveIncident, terminationSignal } from '../../core/assessment/driverMain';
import { resolveWorkspace } from '../../core/workspace/paths';
import { flag, type AssessStep } from './step';

export const incidentStep: AssessStep = {
  name: 'incident',
  usage: 'assess incident --workspace DIR',
  summary: 'The incident driver (run by the product)',
  hidden: true,
  async run(ctx) {
    const signal = terminationSignal();
    await driveIncident(resolveWorkspace(flag(ctx, 'workspace')), (id) => ctx.lab(id), { signal, log: ctx.err });
    return 0;
  },
};
