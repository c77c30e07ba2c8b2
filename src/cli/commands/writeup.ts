import { relative } from 'node:path';
import { resolveWorkspace } from '../../core/workspace/paths';
import { checkWriteup, createWriteup, MIN_OWN_WORDS } from '../../core/writeup';
import type { CliCommand } from '../command';
import { json } from '../print';

export const writeup: CliCommand = {
  name: 'writeup',
  usage: 'writeup <lab> [--check] [--json] [--workspace DIR]',
  summary: `Create writeups/<lab>.md with your measured evidence (after a pass); --check validates it (${MIN_OWN_WORDS}+ words a section, Metric cites a measurement)`,
  options: { check: { type: 'boolean' }, json: { type: 'boolean' }, workspace: { type: 'string' } },
  async run(ctx) {
    const entry = await ctx.lab(ctx.positionals[0]);
    const id = entry.lab.id;
    const workspace = resolveWorkspace(ctx.flags.workspace as string | undefined);
    if (!ctx.flags.check) {
      const r = await createWriteup(entry, workspace);
      for (const w of r.warnings) ctx.err(`warning: ${w}`);
      if (ctx.flags.json) ctx.out(json(r));
      else {
        ctx.out(`${r.created ? 'Created' : 'Updated the evidence in'} ${r.file}${r.charts.length ? ` (${r.charts.length} charts)` : ''}.`);
        ctx.out(`Write each section in your own words, then run \`breakfix writeup ${id} --check\`.`);
      }
      return 0;
    }
    const r = await checkWriteup(entry, workspace);
    for (const w of r.warnings) ctx.err(`warning: ${w}`);
    if (ctx.flags.json) ctx.out(json(r));
    else if (r.ok) ctx.out(`${r.file}: valid (${Object.values(r.words).reduce((a, b) => a + b, 0)} words of your own; Metric cites ${r.cited.join(', ')}). ${id} is written up.`);
    else {
      const where = relative(process.cwd(), r.file) || r.file;
      for (const p of r.problems) ctx.err(`${where}:${p.line}: ${p.section}: ${p.message}`);
      ctx.err(`${r.problems.length} problem(s); fix them and run \`breakfix writeup ${id} --check\` again.`);
    }
    return r.ok ? 0 : 1;
  },
};
