import { createFaultContext, findFault, UnknownFaultError, injectFault, revertFault, verifyFault } from '../../core/faults';
import { parseDuration } from '../../core/checker/duration';
import { isCancelled, sleep } from '../../core/runtime/timeout';
import { noteAction } from '../assessment';
import type { CliCommand } from '../command';
import { UsageError } from '../context';

export const breakCommand: CliCommand = {
  name: 'break',
  usage: 'break <lab> <fault> [--for DURATION]',
  summary: 'Inject a fault into a running lab and verify it is active (--for 30s: heal it after that long)',
  options: { for: { type: 'string' } },
  async run(ctx) {
    const entry = await ctx.lab(ctx.positionals[0]);
    const faultId = ctx.positionals[1];
    if (!faultId) throw new UsageError(`missing <fault>. Faults of ${entry.lab.id}: ${entry.lab.faults.map((f) => f.id).join(', ') || '(none)'}.`);
    const fault = faultOrUsage(entry.lab, faultId);
    let forMs: number | undefined;
    if (ctx.flags.for !== undefined) {
      try {
        forMs = parseDuration(String(ctx.flags.for), '--for');
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
      if (forMs <= 0) throw new UsageError('--for must be longer than 0');
    }
    const faults = await createFaultContext({ signal: ctx.signal, log: ctx.err });
    await injectFault(faults, entry, fault);
    const verified = await verifyFault(faults, entry, fault);
    await noteAction(ctx, 'stack', `break ${fault.id}`);
    ctx.out(`${fault.id} is active: ${verified.detail}`);
    if (forMs === undefined) {
      ctx.out(`Heal it with: breakfix heal ${entry.lab.id} ${fault.id}`);
      return 0;
    }
    ctx.out(`Healing in ${forMs / 1000} s (Ctrl-C heals now)…`);
    let early = false;
    try {
      await sleep(forMs, ctx.signal, `fault ${fault.id}`);
    } catch (err) {
      if (!isCancelled(err)) throw err;
      early = true;
    }
    // The run's signal may have fired: heal without it.
    await revertFault({ docker: faults.docker, log: ctx.err }, entry, fault);
    ctx.out(`${fault.id} healed${early ? ' early (Ctrl-C)' : ''}.`);
    return 0;
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
