// The assessment report: JSON (what the score is computed from), Markdown and a self-contained HTML page,
// written to .breakfix/assessment/<id>/.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cell, formatValue } from '../checker/report';
import { learnerFileMatcher, listLabFiles } from '../labs/learnerFiles';
import { unifiedDiff } from '../labs/patch';
import type { LabEntry } from '../labs/types';
import { labDigest, readLedger } from '../proof/ledger';
import { checkWriteup } from '../writeup/check';
import { WriteupLockedError } from '../writeup/create';
import { assessmentDir, labCopyDir, writeupPath } from '../workspace/paths';
import { reportHtml } from './html';
import { hiddenScenario } from './scenario';
import { scoreReport } from './score';
import { loadAssessmentSpec } from './spec';
import { ASSESSMENT_FORMAT, type AssessmentRecord, type AssessmentReport, type CheckComparison } from './types';

export interface ReportFiles {
  dir: string;
  json: string;
  md: string;
  html: string;
}

export function reportDir(workspaceDir: string, record: Pick<AssessmentRecord, 'id'>): string {
  return join(assessmentDir(workspaceDir), record.id);
}

/** The candidate's change: each learner file of the copy against the bundled lab, as one unified diff. */
export function candidateDiff(entry: LabEntry, workspaceDir: string): { diff: string; files: string[] } {
  const copy = labCopyDir(workspaceDir, entry.lab.id);
  const isLearner = learnerFileMatcher(entry.lab.learnerFiles);
  const names = new Set([...listLabFiles(entry.dir), ...(existsSync(copy) ? listLabFiles(copy) : [])].filter(isLearner));
  const read = (root: string, f: string) => (existsSync(join(root, f)) ? readFileSync(join(root, f), 'utf8') : undefined);
  const parts: string[] = [];
  const files: string[] = [];
  for (const f of [...names].sort()) {
    const before = read(entry.dir, f);
    const after = read(copy, f) ?? '';
    if (before === after) continue;
    files.push(f);
    parts.push(unifiedDiff(f, before, after));
  }
  return { diff: parts.join(''), files };
}

export async function buildReport(entry: LabEntry, workspaceDir: string, record: AssessmentRecord, now = new Date()): Promise<AssessmentReport> {
  const spec = loadAssessmentSpec(entry);
  const ledger = readLedger(entry);
  const baseline = ledger.ok ? ledger.ledger.cases.find((c) => c.case === 'baseline') : undefined;
  const last = record.submits.at(-1);
  // Before: the unchanged lab by its proof's contract (it fails exactly proof.baselineFails; the proof
  // measures only those), with the value the ledger recorded where it has one.
  const baselineFails = entry.lab.proof?.baselineFails ?? [];
  const checks: CheckComparison[] = entry.lab.checks.map((c) => ({
    id: c.id,
    title: c.title,
    before: { pass: !baselineFails.includes(c.id), measured: baseline?.measured[c.id] ?? null },
    after: last?.checks.find((x) => x.id === c.id) ?? null,
  }));
  const { diff, files } = candidateDiff(entry, workspaceDir);
  const known = spec.rootCauses.find((c) => c.id === spec.answer)!;
  const d = record.diagnosis ?? null;
  const body: Omit<AssessmentReport, 'score'> = {
    format: ASSESSMENT_FORMAT,
    generatedAt: now.toISOString(),
    assessment: {
      id: record.id,
      lab: entry.lab.id,
      labTitle: entry.lab.title,
      labDigest: labDigest(entry),
      seed: record.seed,
      minutes: record.minutes,
      mode: record.mode,
      startedAt: record.startedAt,
      deadline: record.deadline,
      incidentBeganAt: record.incidentBeganAt,
      ...(record.endedAt ? { endedAt: record.endedAt } : {}),
      panels: entry.lab.panels.flatMap((p) => [p.id, p.title]),
    },
    ticket: record.ticket,
    scenario: hiddenScenario(record.faults, record.seed),
    timeline: record.events,
    diagnosis: { recorded: d, chosen: d ? (spec.rootCauses.find((c) => c.id === d.rootCause) ?? null) : null, known },
    checks,
    submits: record.submits,
    diff,
    changedFiles: files,
    postmortem: await postmortem(entry, workspaceDir),
    rubric: record.rubric,
  };
  return { ...body, score: scoreReport(body) };
}

async function postmortem(entry: LabEntry, workspaceDir: string): Promise<AssessmentReport['postmortem']> {
  const file = writeupPath(workspaceDir, entry.lab.id);
  const text = existsSync(file) ? readFileSync(file, 'utf8') : null;
  if (text === null) return { file, present: false, ok: false, problems: ['no postmortem written'], text: null };
  try {
    const c = await checkWriteup(entry, workspaceDir);
    return { file, present: true, ok: c.ok, problems: c.problems.map((p) => `${p.section}: ${p.message}`), text };
  } catch (err) {
    const why = err instanceof WriteupLockedError ? 'locked: no submit passed' : (err as Error).message;
    return { file, present: true, ok: false, problems: [why], text };
  }
}

export async function writeAssessmentReport(workspaceDir: string, report: AssessmentReport): Promise<ReportFiles> {
  const dir = reportDir(workspaceDir, report.assessment);
  await mkdir(dir, { recursive: true });
  const files = { dir, json: join(dir, 'report.json'), md: join(dir, 'report.md'), html: join(dir, 'report.html') };
  await writeFile(files.json, JSON.stringify(report, null, 2) + '\n');
  await writeFile(files.md, assessmentMarkdown(report));
  await writeFile(files.html, reportHtml(report));
  return files;
}

const time = (iso: string | undefined) => (iso ? iso.replace('T', ' ').slice(0, 19) + ' UTC' : '–');
const outcome = (o: { pass: boolean; measured: number | string | null } | null, unit?: string) =>
  o ? `${o.pass ? 'pass' : 'FAIL'} (${o.measured === null ? 'not measured' : formatValue(o.measured, unit as never)})` : '–';

export function assessmentMarkdown(r: AssessmentReport): string {
  const a = r.assessment;
  const lines = [
    `# Assessment report: ${a.labTitle}`,
    '',
    `**Score: ${r.score.total} / ${r.score.max}** · lab \`${a.lab}\` · seed \`${a.seed}\` · ${a.minutes} minutes · started ${time(a.startedAt)} · ended ${time(a.endedAt)}`,
    '',
    '## Score by the rubric',
    '',
    '| Part | Points | Why |',
    '|---|---|---|',
    ...r.score.parts.map((p) => `| ${p.part} | ${p.points} / ${p.of} | ${cell(p.why)} |`),
    '',
    '## The ticket',
    '',
    `**${r.ticket.title}** (began ${time(a.incidentBeganAt)})`,
    '',
    ...r.ticket.symptoms.map((s) => `- ${s}`),
    '',
    `Impact: ${r.ticket.impact}`,
    '',
    '## The hidden incident',
    '',
    `Every ${r.scenario.cycleSeconds} s: ${r.scenario.episodes.map((e) => `\`${e.fault}\` at ${e.atSeconds} s for ${e.forSeconds} s`).join(', ')}.`,
    '',
    '## Diagnosis',
    '',
    ...(r.diagnosis.recorded
      ? [
          `Recorded ${time(r.diagnosis.recorded.at)}.`,
          '',
          `- Symptom: ${r.diagnosis.recorded.symptom}`,
          `- Root cause chosen: ${r.diagnosis.chosen?.text ?? r.diagnosis.recorded.rootCause} (\`${r.diagnosis.recorded.rootCause}\`)`,
          `- Evidence: ${r.diagnosis.recorded.evidence}`,
        ]
      : ['No diagnosis was recorded.']),
    `- Known root cause (\`${r.diagnosis.known.id}\`): ${r.diagnosis.known.text} The diagnosis ${r.diagnosis.recorded?.rootCause === r.diagnosis.known.id ? '**matches**' : '**does not match**'} it.`,
    '',
    '## Checks, before and after',
    '',
    'Before: the unchanged lab, as its proof measured it (a check it passes by the lab\'s contract shows no value). After: the last submit.',
    '',
    '| Check | Threshold | Before | After |',
    '|---|---|---|---|',
    ...r.checks.map((c) => `| ${cell(c.title)} (\`${c.id}\`) | ${c.after ? `${c.after.op} ${formatValue(c.after.threshold, c.after.unit)}` : '–'} | ${outcome(c.before, c.after?.unit)} | ${outcome(c.after, c.after?.unit)} |`),
    '',
    '## Submits',
    '',
    ...(r.submits.length ? r.submits.map((s) => `- ${s.n}. ${time(s.at)}${s.auto ? ' (time was up)' : ''}: **${s.verdict}**${s.failed.length ? `, failed ${s.failed.join(', ')}` : ''}${s.commit ? ` (commit ${s.commit.slice(0, 12)})` : ''}`) : ['No submit.']),
    '',
    '## Timeline',
    '',
    ...r.timeline.map((e) => `- ${time(e.at)} · ${e.kind} · ${e.detail}`),
    '',
    '## The change',
    '',
    r.changedFiles.length ? `Files: ${r.changedFiles.map((f) => `\`${f}\``).join(', ')}` : 'No learner file changed.',
    '',
    ...(r.diff ? ['```diff', r.diff.trimEnd(), '```'] : []),
    '',
    '## Postmortem',
    '',
    r.postmortem.ok ? 'Complete.' : `Problems: ${r.postmortem.problems.join('; ')}`,
    '',
    ...(r.postmortem.text ? ['<details><summary>The postmortem</summary>', '', r.postmortem.text.trimEnd(), '', '</details>'] : []),
    '',
  ];
  return lines.join('\n');
}
