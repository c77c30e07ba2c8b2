import { readFile } from 'node:fs/promises';
import type { CliCommand } from '../command';

export const show: CliCommand = {
  name: 'show',
  usage: 'show <lab>',
  summary: "Print a lab's spec (its README)",
  async run(ctx) {
    const entry = await ctx.lab(ctx.positionals[0]);
    ctx.out((await readFile(entry.readme, 'utf8')).trimEnd());
    return 0;
  },
};
