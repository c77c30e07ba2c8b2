// `breakfix export --out DIR`: a portfolio for a reviewer. index.md, then per written-up lab its
// writeup, charts, every run report of its attempts and its mistake log (mistakes.md): how the learner learned.
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { LabEntry } from '../labs/types';
import { cell } from '../checker/report';
import { mistakeDetail, mistakeLogItems, type MistakeLogItem } from '../progress/mistakes';
import { openProgress } from '../progress/store';
import type { LabProgress } from '../progress/types';
import { writeupAssetsDir, writeupPath } from '../workspace/paths';

export interface ExportResult {
  dir: string;
  index: string;
  labs: string[];
  files: number;
  warnings: string[];
}

export async function exportPortfolio(labs: readonly LabEntry[], workspaceDir: string, outDir: string): Promise<ExportResult> {
  const { progress, warnings } = await openProgress(workspaceDir);
  const done = labs.filter((e) => progress.labs[e.lab.id]?.status === 'written-up');
  if (!done.length) {
    throw new Error(`no lab is written up in ${workspaceDir} yet, so there is nothing to export. Pass a lab's check, then \`breakfix writeup <lab>\` and \`breakfix writeup <lab> --check\`.`);
  }
  const dir = resolve(outDir);
  await mkdir(dir, { recursive: true });
  let files = 0;
  const rows: string[] = [];
  for (const entry of done) {
    const id = entry.lab.id;
    const lab = progress.labs[id]!;
    const target = join(dir, id);
    await mkdir(join(target, 'runs'), { recursive: true });
    // Charts move from writeups/<id>/x.svg to <id>/charts/x.svg.
    const text = await readFile(writeupPath(workspaceDir, id), 'utf8');
    await writeFile(join(target, 'writeup.md'), text.replaceAll(`](${id}/`, '](charts/'));
    files++;
    files += await copyAll(writeupAssetsDir(workspaceDir, id), join(target, 'charts'), (f) => f.endsWith('.svg'));
    for (const a of lab.attempts) {
      if (!a.report) continue;
      for (const f of [a.report, a.report.replace(/\.md$/, '.json')]) {
        try {
          await copyFile(f, join(target, 'runs', `attempt-${a.n}-${a.verdict}${f.endsWith('.json') ? '.json' : '.md'}`));
          files++;
        } catch {
          warnings.push(`${id}: the report of attempt ${a.n} (${f}) is missing; it is not in the export.`);
        }
      }
    }
    const mistakes = mistakeLogItems(id, lab);
    if (mistakes.length) {
      await writeFile(join(target, 'mistakes.md'), mistakesMarkdown(entry, lab, mistakes));
      files++;
    }
    rows.push(row(entry, lab, mistakes));
  }
  const index = join(dir, 'index.md');
  await writeFile(index, indexMarkdown(rows, labs.length, done.length));
  return { dir, index, labs: done.map((e) => e.lab.id), files: files + 1, warnings };
}

function row(entry: LabEntry, lab: LabProgress, mistakes: MistakeLogItem[]): string {
  const first = lab.attempts.find((a) => a.verdict === 'fail');
  const pass = lab.attempts.find((a) => a.verdict === 'pass');
  const path = `${lab.attempts.length} attempt${lab.attempts.length === 1 ? '' : 's'}${first ? `; first failed ${first.failed.join(', ')}` : ''}${pass ? `; passed on attempt ${pass.n}` : ''}`;
  const runs = lab.attempts.filter((a) => a.report).map((a) => `[${a.n}](${entry.lab.id}/runs/attempt-${a.n}-${a.verdict}.md)`).join(' ');
  const fixed = mistakes.filter((m) => m.source === 'check' && m.fixed).length;
  const log = mistakes.length ? `[${mistakes.length}${fixed ? `, ${fixed} fixed` : ''}](${entry.lab.id}/mistakes.md)` : 'none logged';
  return `| [${entry.lab.title}](${entry.lab.id}/writeup.md) | ${entry.lab.level} | ${entry.lab.domains.join(', ')} | ${path} | ${log} | ${lab.hintsRevealed} | ${runs} | ${lab.writtenUpAt?.slice(0, 10) ?? ''} |`;
}

/** The lab's mistake log as a page: every entry oldest first, each attempt linked to its run report. */
function mistakesMarkdown(entry: LabEntry, lab: LabProgress, items: MistakeLogItem[]): string {
  const attempt = (n: number) => {
    const a = lab.attempts.find((x) => x.n === n);
    return a?.report ? `[attempt ${n}](runs/attempt-${n}-${a.verdict}.md)` : `attempt ${n}`;
  };
  const rows = items.map((m) => {
    const from = m.source === 'check' ? `check \`${m.check}\`, ${m.attempts.map(attempt).join(', ')}` : `note ${m.note}`;
    const outcome = m.source === 'note' ? 'note' : m.fixed ? `fixed by ${attempt(m.fixed.n)}` : 'open';
    return `| ${m.at.slice(0, 16).replace('T', ' ')} | ${from} | \`${m.tag}\` | ${cell(mistakeDetail(m))} | ${outcome} |`;
  });
  const tags = [...new Map(items.map((m) => [m.tag, m.meaning])).entries()].map(([t, meaning]) => `- \`${t}\`: ${meaning}`);
  const auto = items.filter((m) => m.source === 'check').length;
  return [
    `# Mistake log: ${entry.lab.title}`,
    '',
    `${auto} from checks that failed (each with the design mistake its failure usually means, recorded by \`breakfix check\`), ` +
      `${items.length - auto} from the learner's notes. ${items.some((m) => m.source === 'check' && !m.fixed) ? 'An open entry is a check that has not passed since.' : ''}`.trim(),
    '',
    '| When (UTC) | From | Mistake | Detail | Outcome |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    '## The mistakes',
    '',
    ...tags,
    '',
  ].join('\n');
}

function indexMarkdown(rows: string[], total: number, done: number): string {
  return [
    '# Break/Fix Labs portfolio',
    '',
    `Postmortems of ${done} of ${total} labs, each written after the fix was proven by \`breakfix check\` against measured thresholds`,
    'under load and injected faults. Every writeup links its charts and the run reports it cites; each mistake log',
    'lists the checks that failed on the way, the design mistake each failure means, and the attempt that fixed it.',
    '',
    '| Lab | Level | Domains | Path to the fix | Mistakes | Hints used | Run reports | Written up |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `_Exported ${new Date().toISOString()}._`,
    '',
  ].join('\n');
}

async function copyAll(from: string, to: string, keep: (name: string) => boolean): Promise<number> {
  const names = await readdir(from).catch(() => [] as string[]);
  const picked = names.filter(keep);
  if (picked.length) await mkdir(to, { recursive: true });
  for (const n of picked) await copyFile(join(from, n), join(to, basename(n)));
  return picked.length;
}
