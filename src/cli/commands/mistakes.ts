import { mistakeDetail, mistakeLogOf, mistakeState, openProgress } from '../../core/progress';
import { progressPath, resolveWorkspace } from '../../core/workspace/paths';
import type { CliCommand } from '../command';
import { json, table } from '../print';

export const mistakes: CliCommand = {
  name: 'mistakes',
  usage: 'mistakes [--lab L] [--json] [--workspace DIR]',
  summary: 'The mistake log: failed checks that name a mistake (when, lab, check, measured value, fixed by which attempt) and mistake-tagged notes',
  options: { lab: { type: 'string' }, json: { type: 'boolean' }, workspace: { type: 'string' } },
  async run(ctx) {
    const entry = ctx.flags.lab === undefined ? undefined : await ctx.lab(ctx.flags.lab as string);
    const workspace = resolveWorkspace(ctx.flags.workspace as string | undefined);
    const read = await openProgress(workspace);
    for (const w of read.warnings) ctx.err(`warning: ${w}`);
    const items = mistakeLogOf(read.progress, entry ? [entry.lab.id] : undefined);
    if (ctx.flags.json) {
      ctx.out(json({ workspace, file: progressPath(workspace), ...(entry ? { lab: entry.lab.id } : {}), mistakes: items }));
      return 0;
    }
    if (!items.length) {
      const where = entry ? ` for ${entry.lab.id}` : '';
      ctx.out(`No mistakes logged${where} yet. A failing check that names a mistake in lab.yaml is logged by \`breakfix check\`; \`breakfix note <lab> "…" --tag <mistake>\` logs one by hand.`);
      return 0;
    }
    const rows = items.map((i) => [
      i.at.slice(0, 16).replace('T', ' '),
      i.lab,
      i.source === 'check' ? `check ${i.check}` : 'note',
      i.tag,
      clip(mistakeDetail(i), 60),
      i.source === 'check' ? `${mistakeState(i)} (failed in ${i.attempts.join(', ')})` : mistakeState(i),
    ]);
    for (const line of table([['WHEN (UTC)', 'LAB', 'FROM', 'MISTAKE', 'DETAIL', 'STATE'], ...rows])) ctx.out(line);
    const auto = items.filter((i) => i.source === 'check');
    const open = auto.filter((i) => i.source === 'check' && !i.fixed).length;
    ctx.out('');
    ctx.out(`${auto.length} from failed checks (${open} open, ${auto.length - open} fixed), ${items.length - auto.length} from your notes.`);
    const tags = [...new Map(items.map((i) => [i.tag, i.meaning])).entries()];
    const width = Math.max(...tags.map(([t]) => t.length));
    for (const [tag, meaning] of tags) ctx.out(`  ${tag.padEnd(width)}  ${meaning}`);
    return 0;
  },
};

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
