import { addNote, isMistakeTag, tagProblem } from '../../core/progress';
import { progressPath, resolveWorkspace } from '../../core/workspace/paths';
import type { CliCommand } from '../command';
import { UsageError } from '../context';

export const note: CliCommand = {
  name: 'note',
  usage: 'note <lab> "text" [--tag T]... [--workspace DIR]',
  summary: 'Add a note to a lab; --tag a mistake (see docs/progress.md) to log it in the mistake log',
  options: { tag: { type: 'string', multiple: true }, workspace: { type: 'string' } },
  async run(ctx) {
    const entry = await ctx.lab(ctx.positionals[0]);
    const text = ctx.positionals.slice(1).join(' ');
    if (!text.trim()) throw new UsageError('missing the note text: write it after the lab id, in quotes.');
    const tags = ((ctx.flags.tag ?? []) as string[]).map((t) => t.trim());
    const problem = tagProblem(tags);
    if (problem) throw new UsageError(problem);
    const workspace = resolveWorkspace(ctx.flags.workspace as string | undefined);
    const { result, warnings } = await addNote(workspace, entry.lab.id, text, tags, { onWait: (notice) => ctx.err(`breakfix note: ${notice}`) });
    for (const w of warnings) ctx.err(`warning: ${w}`);
    const mistakes = result.note.tags.filter(isMistakeTag);
    const tagged = result.note.tags.length ? ` (tags: ${result.note.tags.join(', ')})` : '';
    ctx.out(`Note ${result.count} for ${entry.lab.id} saved${tagged} in ${progressPath(workspace)}.${mistakes.length ? ' It is in the mistake log.' : ''}`);
    return 0;
  },
};
