import { openProgress, suggestNext } from '../../core/progress';
import { resolveWorkspace } from '../../core/workspace/paths';
import type { CliCommand } from '../command';

export const next: CliCommand = {
  name: 'next',
  usage: 'next [--workspace DIR]',
  summary: 'Suggest the lab to do next: the one you started, else the easiest you have not',
  options: { workspace: { type: 'string' } },
  async run(ctx) {
    const workspace = resolveWorkspace(ctx.flags.workspace as string | undefined);
    const [cat, read] = await Promise.all([ctx.catalogue(), openProgress(workspace)]);
    for (const w of read.warnings) ctx.err(`warning: ${w}`);
    const s = suggestNext(cat.labs.map((e) => e.lab), read.progress);
    switch (s.kind) {
      case 'continue': {
        const p = s.progress;
        const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
        ctx.out(`Next: ${s.lab.id}, ${s.lab.title} (${s.lab.level}). You started it and it does not pass yet (${count(p.attempts.length, 'attempt')}, ${count(p.hintsRevealed, 'hint')}, ${count(p.notes.length, 'note')}).`);
        ctx.out(`Run \`breakfix check ${s.lab.id}\` when your fix is ready, or \`breakfix hint ${s.lab.id}\` if you are stuck.`);
        break;
      }
      case 'start':
        ctx.out(`Next: ${s.lab.id}, ${s.lab.title} (${s.lab.level}): the easiest lab you have not started.`);
        ctx.out(`Read it with \`breakfix show ${s.lab.id}\`. Then \`breakfix start ${s.lab.id}\` copies it into labs/${s.lab.id}/ and commits the baseline your attempts are compared with, and \`breakfix up ${s.lab.id}\` runs it.`);
        break;
      case 'done':
        ctx.out(`Everything is done: all ${s.finished} labs pass. Nothing left to suggest.`);
        break;
      case 'no-labs':
        ctx.out('No labs found. Run `breakfix list` to see why.');
        break;
    }
    return 0;
  },
};
