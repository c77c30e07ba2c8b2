import type { CliCommand } from '../command';
import { problemLines } from '../print';

export const lint: CliCommand = {
  name: 'lint',
  usage: 'lint',
  summary: 'Validate every bundled lab (schema, referenced files)',
  async run(ctx) {
    const cat = await ctx.catalogue();
    for (const line of problemLines(cat.problems)) ctx.err(line);
    ctx.out(`${cat.labs.length} labs valid, ${cat.problems.length} problems.`);
    return cat.problems.length ? 1 : 0;
  },
};
