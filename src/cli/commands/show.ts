import { readFile } from 'node:fs/promises';
import { refuseIfLocked, withoutAcceptance } from '../../core/assessment/locks';
import { resolveWorkspace } from '../../core/workspace/paths';
import type { CliCommand } from '../command';

export const show: CliCommand = {
  name: 'show',
  usage: 'show <lab> [--workspace DIR]',
  options: { workspace: { type: 'string' } },
  summary: "Print a lab's spec (its README)",
  async run(ctx) {
    const entry = await ctx.lab(ctx.positionals[0]);
    const readme = await readFile(entry.readme, 'utf8');
    const locked = await refuseIfLocked(resolveWorkspace(ctx.flags.workspace as string | undefined), entry.lab.id, 'acceptance');
    ctx.out((locked ? withoutAcceptance(readme, locked) : readme).trimEnd());
    return 0;
  },
};
