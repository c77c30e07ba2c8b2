import { openProgress } from '../../core/progress';
import { resolveWorkspace } from '../../core/workspace/paths';
import type { CliCommand } from '../command';
import { json, table } from '../print';

export const attempts: CliCommand = {
  name: 'attempts',
  usage: 'attempts <lab> [--json] [--workspace DIR]',
  summary: "List a lab's checker runs: verdict, failing checks, git commit and report",
  options: { json: { type: 'boolean' }, workspace: { type: 'string' } },
  async run(ctx) {
    const entry = await ctx.lab(ctx.positionals[0]);
    const workspace = resolveWorkspace(ctx.flags.workspace as string | undefined);
    const read = await openProgress(workspace);
    for (const w of read.warnings) ctx.err(`warning: ${w}`);
    const list = read.progress.labs[entry.lab.id]?.attempts ?? [];
    if (ctx.flags.json) {
      ctx.out(json({ lab: entry.lab.id, attempts: list }));
      return 0;
    }
    if (!list.length) {
      ctx.out(`No attempts at ${entry.lab.id} yet: run \`breakfix check ${entry.lab.id}\`.`);
      return 0;
    }
    const rows = list.map((a) => [String(a.n), a.verdict, a.failed.join(', ') || '-', a.commit?.slice(0, 12) ?? '-', a.at.slice(0, 19).replace('T', ' '), a.report ?? '-']);
    for (const line of table([['N', 'VERDICT', 'FAILED CHECKS', 'COMMIT', 'AT', 'REPORT'], ...rows])) ctx.out(line);
    return 0;
  },
};
