import { createFaultContext, faultStates } from '../../core/faults';
import { lockedNow } from '../assessment';
import type { CliCommand } from '../command';
import { json, table } from '../print';

export const faults: CliCommand = {
  name: 'faults',
  usage: 'faults <lab> [--json] [--workspace DIR]',
  summary: "List a lab's faults and which are active now",
  options: { json: { type: 'boolean' }, workspace: { type: 'string' } },
  async run(ctx) {
    const entry = await ctx.lab(ctx.positionals[0]);
    if (await lockedNow(ctx, entry.lab.id, 'faults')) return 1;
    const fc = await createFaultContext({ signal: ctx.signal });
    const states = await faultStates(fc, entry);
    if (ctx.flags.json) {
      ctx.out(json(states));
      return 0;
    }
    if (!states.length) {
      ctx.out(`${entry.lab.id} defines no faults.`);
      return 0;
    }
    const active = (a: boolean | null) => (a === null ? 'unknown' : a ? 'ACTIVE' : '-');
    for (const line of table([['FAULT', 'KIND', 'ACTIVE', 'TITLE'], ...states.map((s) => [s.id, s.kind, active(s.active), s.title])])) ctx.out(line);
    const unknown = states.filter((s) => s.active === null);
    if (unknown.length) ctx.err(unknown[0].detail === 'stack not running' ? `${entry.lab.id} is not running: start it with \`breakfix up ${entry.lab.id}\`.` : unknown.map((s) => `${s.id}: ${s.detail}`).join('\n'));
    return 0;
  },
};
