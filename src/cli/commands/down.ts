import { stackDown } from '../../core/runtime';
import { noteAction } from '../assessment';
import type { CliCommand } from '../command';

export const down: CliCommand = {
  name: 'down',
  usage: 'down <lab>',
  summary: "Stop a lab's stack and remove its containers, networks and volumes",
  async run(ctx) {
    const entry = await ctx.lab(ctx.positionals[0]);
    await stackDown(entry, { log: ctx.err, signal: ctx.signal });
    await noteAction(ctx, 'stack', 'down');
    ctx.out(`${entry.lab.id} is down: nothing of it remains.`);
    return 0;
  },
};
