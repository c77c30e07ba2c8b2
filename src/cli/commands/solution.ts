import { existsSync, readFileSync } from 'node:fs';
import { textsUnder, unifiedDiff } from '../../core/labs/patch';
import { openProgress } from '../../core/progress';
import { labCopyDir, resolveWorkspace } from '../../core/workspace/paths';
import { recordSolutionView, solutionAccess, solutionReadme, solutionTexts } from '../../core/solution';
import { lockedNow } from '../assessment';
import type { CliCommand } from '../command';
import { confirm } from '../confirm';

export const solution: CliCommand = {
  name: 'solution',
  usage: 'solution <lab> [--yes] [--workspace DIR]',
  summary: 'Show the reference solution as a diff against your copy: after a pass, or after every hint (asks first; recorded)',
  options: { yes: { type: 'boolean' }, workspace: { type: 'string' } },
  async run(ctx) {
    const entry = await ctx.lab(ctx.positionals[0]);
    const id = entry.lab.id;
    if (await lockedNow(ctx, id, 'solution')) return 1;
    const workspace = resolveWorkspace(ctx.flags.workspace as string | undefined);
    const read = await openProgress(workspace);
    for (const w of read.warnings) ctx.err(`warning: ${w}`);
    const access = solutionAccess(entry, read.progress.labs[id]);
    if (!access.allowed) {
      ctx.err(access.message);
      return 1;
    }
    if (access.reason === 'all-hints' && !(await confirm(ctx, `${access.message} Show it?`, `run \`breakfix solution ${id} --yes\` to show it.`))) return 1;
    await recordSolutionView(workspace, id, access.reason === 'passed' ? 'passed' : 'all-hints');
    const readme = solutionReadme(entry);
    if (existsSync(readme)) ctx.out(readFileSync(readme, 'utf8').trimEnd() + '\n');
    const copy = labCopyDir(workspace, id);
    const mine = existsSync(copy) ? copy : entry.dir;
    ctx.out(`Diff: ${mine === copy ? 'your copy' : 'the bundled baseline'} (a/) → the reference solution (b/)\n`);
    const texts = solutionTexts(entry);
    for (const f of [...texts.keys()].sort()) {
      const yours = textsUnder(mine)(f);
      const theirs = texts.get(f)!;
      ctx.out(yours === theirs ? `(${f}: your copy already equals the reference)` : unifiedDiff(f, yours, theirs).trimEnd());
    }
    return 0;
  },
};
