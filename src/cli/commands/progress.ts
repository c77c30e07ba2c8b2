import { openProgress, progressRows } from '../../core/progress';
import { progressPath, resolveWorkspace } from '../../core/workspace/paths';
import type { CliCommand } from '../command';
import { json, table } from '../print';

export const progress: CliCommand = {
  name: 'progress',
  usage: 'progress [--json] [--workspace DIR]',
  summary: 'Show every lab with its status, attempts, best verdict, hints revealed and notes',
  options: { json: { type: 'boolean' }, workspace: { type: 'string' } },
  async run(ctx) {
    const workspace = resolveWorkspace(ctx.flags.workspace as string | undefined);
    const [cat, read] = await Promise.all([ctx.catalogue(), openProgress(workspace)]);
    for (const w of read.warnings) ctx.err(`warning: ${w}`);
    const rows = progressRows(cat.labs, read.progress);
    if (ctx.flags.json) {
      ctx.out(json({ workspace, file: progressPath(workspace), labs: rows }));
      return 0;
    }
    if (!rows.length) {
      ctx.out('No labs found. Run `breakfix list` to see why.');
      return 0;
    }
    const header = ['LAB', 'LEVEL', 'STATUS', 'ATTEMPTS', 'BEST', 'HINTS', 'NOTES'];
    const lines = rows.map((r) => [r.id, r.level, r.status, String(r.attempts), r.best ?? '-', `${r.hintsRevealed}/${r.hintsTotal}`, r.mistakes ? `${r.notes} (${r.mistakes} mistake${r.mistakes === 1 ? '' : 's'})` : String(r.notes)]);
    for (const line of table([header, ...lines])) ctx.out(line);
    return 0;
  },
};
