import { createFaultContext, findFault, UnknownFaultError, revertAll, revertFault } from '../../core/faults';
import { stackStatus } from '../../core/runtime';
import { lockedNow } from '../assessment';
import type { CliCommand } from '../command';
import { UsageError } from '../context';

export const heal: CliCommand = {
  name: 'heal',
  usage: 'heal <lab> [<fault>] [--workspace DIR]',
  options: { workspace: { type: 'string' } },
  summary: 'Revert one fault, or every fault of the lab',
  async run(ctx) {
    const entry = await ctx.lab(ctx.positionals[0]);
    if (await lockedNow(ctx, entry.lab.id, 'faults')) return 1;
    const faultId = ctx.positionals[1];
    const fault = faultId ? faultOrUsage(entry.lab, faultId) : undefined;
    const faults = await createFaultContext({ signal: ctx.signal, log: ctx.err });
    if (!(await stackStatus(entry, { docker: faults.docker, signal: ctx.signal })).length) {
      ctx.err(`${entry.lab.id} is not running: nothing to heal.`);
      return 0;
    }
    if (fault) {
      await revertFault(faults, entry, fault);
      ctx.out(`${fault.id} healed.`);
      return 0;
    }
    const errors = await revertAll(faults, entry);
    for (const e of errors) ctx.err(e.message);
    ctx.out(errors.length ? `${errors.length} of ${entry.lab.faults.length} faults could not be reverted.` : `Every fault of ${entry.lab.id} is healed.`);
    return errors.length ? 1 : 0;
  },
};

/** An unknown fault id is a usage error: exit 2 with the list of faults. */
function faultOrUsage(lab: Parameters<typeof findFault>[0], id: string) {
  try {
    return findFault(lab, id);
  } catch (err) {
    throw err instanceof UnknownFaultError ? new UsageError(err.message) : err;
  }
}
