import { resolveWorkspace } from '../../core/workspace/paths';
import { exportPortfolio } from '../../core/writeup';
import type { CliCommand } from '../command';
import { UsageError } from '../context';

export const exportCommand: CliCommand = {
  name: 'export',
  usage: 'export --out DIR [--workspace DIR]',
  summary: 'Write a portfolio for a reviewer: index.md plus every written-up lab with its writeup, charts and run reports',
  options: { out: { type: 'string' }, workspace: { type: 'string' } },
  async run(ctx) {
    const out = ctx.flags.out as string | undefined;
    if (!out) throw new UsageError('missing --out DIR: the folder to write the portfolio to.');
    const workspace = resolveWorkspace(ctx.flags.workspace as string | undefined);
    const r = await exportPortfolio((await ctx.catalogue()).labs, workspace, out);
    for (const w of r.warnings) ctx.err(`warning: ${w}`);
    ctx.out(`Exported ${r.labs.length} lab(s) (${r.labs.join(', ')}) to ${r.dir}: ${r.files} files. Start at ${r.index}.`);
    return 0;
  },
};
