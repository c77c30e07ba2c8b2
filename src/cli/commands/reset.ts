import { resolveWorkspace } from '../../core/workspace/paths';
import { labEdits, resetLab } from '../../core/workspace';
import type { CliCommand } from '../command';
import { confirm } from '../confirm';

export const reset: CliCommand = {
  name: 'reset',
  usage: 'reset <lab> [--yes] [--workspace DIR]',
  summary: 'Restore the baseline files of a started lab (asks first); notes, attempts and hints are kept',
  options: { yes: { type: 'boolean' }, workspace: { type: 'string' } },
  async run(ctx) {
    const entry = await ctx.lab(ctx.positionals[0]);
    const id = entry.lab.id;
    const workspace = resolveWorkspace(ctx.flags.workspace as string | undefined);
    const edits = labEdits(entry, workspace);
    if (edits.length) {
      const shown = edits.slice(0, 10).map((f) => `  labs/${id}/${f}`);
      if (edits.length > 10) shown.push(`  … and ${edits.length - 10} more`);
      ctx.err([`Reset throws away your changes to ${edits.length} file(s):`, ...shown].join('\n'));
      const ok = await confirm(ctx, `Reset ${id} to its baseline?`, `run \`breakfix reset ${id} --yes\` to reset. Earlier attempts stay in git (\`breakfix attempts ${id}\`).`);
      if (!ok) return 1;
    }
    const r = await resetLab(entry, workspace);
    ctx.out(`${id} reset to its baseline from the ${r.from === 'baseline-commit' ? 'baseline commit' : 'bundled lab'}: ${r.restored.length} file(s) restored in ${r.dir}.`);
    if (r.commit) ctx.out(`Committed as ${r.commit.slice(0, 12)} ("breakfix: reset ${id} to the baseline"). Notes, attempts and hints are kept.`);
    return 0;
  },
};
