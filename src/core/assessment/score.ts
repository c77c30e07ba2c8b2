// Scoring by the rubric, from the report's JSON alone: the same report always gives the same score, and a
// reviewer recomputes it to catch an edited one.
import { RUBRIC_PARTS, type AssessmentReport, type RubricPart, type Score, type ScorePart } from './types';

/** The writeup's sections (writeup/sections.ts): a postmortem with problems loses a share per problem. */
const POSTMORTEM_SECTIONS = 6;

export function scoreReport(r: Omit<AssessmentReport, 'score'>): Score {
  const last = r.submits.at(-1);
  const firstPass = r.submits.find((s) => s.verdict === 'pass');
  const parts: ScorePart[] = RUBRIC_PARTS.map((part) => {
    const of = r.rubric[part];
    const [share, why] = shareOf(part, r, last, firstPass);
    return { part, of, points: round(of * share), why };
  });
  return { total: round(parts.reduce((n, p) => n + p.points, 0)), max: parts.reduce((n, p) => n + p.of, 0), parts };
}

type Submit = AssessmentReport['submits'][number];

function shareOf(part: RubricPart, r: Omit<AssessmentReport, 'score'>, last: Submit | undefined, firstPass: Submit | undefined): [number, string] {
  switch (part) {
    case 'diagnosis': {
      const d = r.diagnosis.recorded;
      if (!d) return [0, 'no diagnosis recorded'];
      const correct = d.rootCause === r.diagnosis.known.id;
      const early = !firstPass || Date.parse(d.at) <= Date.parse(firstPass.at);
      const evidence = citesEvidence(d.evidence, r.assessment.panels);
      const share = (correct ? 0.6 : 0) + (correct && early ? 0.2 : 0) + (evidence ? 0.2 : 0);
      return [share, `root cause ${correct ? 'right' : `wrong ("${d.rootCause}", the known one is "${r.diagnosis.known.id}")`}; ${early ? 'recorded before the fix passed' : 'recorded after the fix passed'}; evidence ${evidence ? 'cites a panel or a number' : 'cites no panel and no number'}`];
    }
    case 'checks': {
      if (!last) return [0, 'never submitted'];
      const n = last.checks.length;
      const passed = last.checks.filter((c) => c.pass).length;
      return [n ? passed / n : 0, `${passed} of ${n} checks pass in the last submit`];
    }
    case 'regressions': {
      if (!last) return [0, 'never submitted'];
      const held = r.checks.filter((c) => c.before?.pass);
      const broke = held.filter((c) => last.checks.find((x) => x.id === c.id)?.pass === false);
      if (!held.length) return [1, 'the baseline passes no check, so none can regress'];
      return [1 - broke.length / held.length, broke.length ? `regressed: ${broke.map((c) => c.id).join(', ')}` : `all ${held.length} checks the baseline passed still pass`];
    }
    case 'time': {
      if (!firstPass) return [0, 'no submit passed'];
      const total = Date.parse(r.assessment.deadline) - Date.parse(r.assessment.startedAt);
      const left = Math.max(0, Date.parse(r.assessment.deadline) - Date.parse(firstPass.at));
      return [Math.min(1, (2 * left) / total), `first pass with ${Math.round(left / 60_000)} of ${Math.round(total / 60_000)} minutes left (full points with half the time left)`];
    }
    case 'postmortem': {
      const p = r.postmortem;
      if (!p.present) return [0, 'no postmortem written'];
      if (p.ok) return [1, 'the postmortem is complete and cites measured numbers'];
      return [Math.max(0, 1 - p.problems.length / POSTMORTEM_SECTIONS), `${p.problems.length} problem(s): ${p.problems.join('; ')}`];
    }
  }
}

/** Evidence names a panel (id or title) or gives a number. */
export function citesEvidence(text: string, panels: readonly string[]): boolean {
  const t = text.toLowerCase();
  return /\d/.test(t) || panels.some((p) => p && t.includes(p.toLowerCase()));
}

const round = (n: number) => Math.round(n * 10) / 10;
