import { revealNextHint } from '../../core/progress';
import { resolveWorkspace } from '../../core/workspace/paths';
import { lockedNow } from '../assessment';
import type { CliCommand } from '../command';

export const hint: CliCommand = {
  name: 'hint',
  usage: 'hint <lab> [--workspace DIR]',
  summary: "Reveal the lab's next hint (run it again for the one after)",
  options: { workspace: { type: 'string' } },
  async run(ctx) {
    const entry = await ctx.lab(ctx.positionals[0]);
    if (await lockedNow(ctx, entry.lab.id, 'hints')) return 1;
    const hints = entry.lab.hints;
    if (!hints.length) {
      ctx.out(`${entry.lab.id} has no hints.`);
      return 0;
    }
    const workspace = resolveWorkspace(ctx.flags.workspace as string | undefined);
    const r = await revealNextHint(workspace, entry.lab.id, hints);
    for (const w of r.warnings) ctx.err(`warning: ${w}`);
    const line = (i: number) => `Hint ${i + 1} of ${r.total}: ${r.shown[i]}`;
    if (r.revealedNew) ctx.out(line(r.shown.length - 1));
    else r.shown.forEach((_, i) => ctx.out(line(i)));
    const solution = `The reference solution can be viewed once \`breakfix check ${entry.lab.id}\` passes.`;
    if (!r.revealedNew) ctx.out(`No more hints: all ${r.total} are shown above. ${solution}`);
    else if (r.shown.length === r.total) ctx.out(`That was the last hint. ${solution}`);
    return 0;
  },
};
