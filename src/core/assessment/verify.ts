// A reviewer's verification of a bundle: re-execution, not trust. Starts from the lab as the reviewer's
// extension bundles it, applies the candidate's diff (only learner files), re-runs the check, recomputes the
// score from the report's own JSON, and sets the claims beside what was measured here.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyPatch } from 'diff';
import { CheckRunError, runCheck, type CheckOptions } from '../checker/run';
import { learnerFileMatcher } from '../labs/learnerFiles';
import { parsePatchText, textsUnder, writeTexts } from '../labs/patch';
import type { LabEntry } from '../labs/types';
import { labDigest } from '../proof/ledger';
import { stackDown } from '../runtime/stack';
import { startLab } from '../workspace/startLab';
import { checkStackDir, labCopyDir } from '../workspace/paths';
import { readBundle } from './bundle';
import { outcomes } from './lifecycle';
import { scoreReport } from './score';
import type { AssessmentReport, CheckOutcome } from './types';

/** The bundle cannot be verified as it is (a diff outside the learner's files, one that does not apply). */
export class VerifyRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VerifyRefusedError';
  }
}

export interface Remeasured {
  verdict: 'pass' | 'fail' | 'error';
  failed: string[];
  checks: CheckOutcome[];
  report?: string;
  error?: string;
}

export interface BundleVerification {
  lab: string;
  candidateLabDigest: string;
  labDigestMatches: boolean;
  claimed: { verdict: 'pass' | 'fail' | 'error' | 'none'; checks: CheckOutcome[]; score: number; max: number };
  recomputedScore: number;
  runs: Remeasured[];
  /** Every way the claims disagree with the report's own JSON or with a re-run; empty: confirmed. */
  disagreements: string[];
  /** How many re-runs gave the same verdict as the first. */
  agreement: { runs: number; sameVerdict: number };
}

export interface VerifyOptions extends Pick<CheckOptions, 'log' | 'signal' | 'env' | 'docker' | 'compose'> {
  repeat?: number;
  /** Finds the lab the bundle names in the reviewer's catalogue. */
  findLab: (id: string) => LabEntry | undefined;
}

export async function verifyBundle(file: string, opts: VerifyOptions): Promise<BundleVerification> {
  const entries = await readBundle(file);
  const report = parseReport(entries.get('report.json')!, file);
  const entry = opts.findLab(report.assessment.lab);
  if (!entry) throw new VerifyRefusedError(`the bundle is an assessment of "${report.assessment.lab}", a lab this installation does not have: update Break/Fix Labs, then verify again.`);
  const changes = patchOf(entries.get('changes.diff')!, entry);
  const last = report.submits.at(-1);
  const claimed = { verdict: last?.verdict ?? ('none' as const), checks: last?.checks ?? [], score: report.score.total, max: report.score.max };
  const { score: _claimedScore, ...body } = report;
  const recomputed = scoreReport(body);
  const disagreements: string[] = [];
  if (recomputed.total !== report.score.total) disagreements.push(`score: the report claims ${report.score.total}, its own JSON gives ${recomputed.total} (the score was edited)`);
  if (report.diff !== entries.get('changes.diff')) disagreements.push('the diff in report.json is not changes.diff (one of them was edited)');
  const digest = labDigest(entry);

  const ws = mkdtempSync(join(tmpdir(), 'breakfix-verify-'));
  const runs: Remeasured[] = [];
  try {
    await startLab(entry, ws);
    const copy = labCopyDir(ws, entry.lab.id);
    const current = textsUnder(copy);
    const texts = new Map<string, string>();
    for (const f of changes) {
      const after = applyPatch(current(f.file) ?? '', f.patch);
      if (after === false) throw new VerifyRefusedError(`the bundle's diff does not apply to ${f.file} of ${entry.lab.id} as this installation bundles it${digest !== report.assessment.labDigest ? ' (the lab changed since the candidate took the assessment: verify with the same Break/Fix Labs version)' : ''}.`);
      texts.set(f.file, after);
    }
    writeTexts(texts, copy);
    for (let i = 0; i < Math.max(1, opts.repeat ?? 1); i++) {
      opts.log?.(`[verify] re-run ${i + 1} of ${opts.repeat ?? 1}`);
      runs.push(await remeasure(entry, ws, report, opts));
    }
  } finally {
    await stackDown(entry, { dir: checkStackDir(ws, entry.lab.id), log: opts.log, env: opts.env }).catch((e: Error) => opts.log?.(`[verify] down failed: ${e.message}`));
    rmSync(ws, { recursive: true, force: true });
    rmSync(checkStackDir(ws, entry.lab.id), { recursive: true, force: true });
  }
  const first = runs[0];
  if (claimed.verdict !== first.verdict) disagreements.push(`verdict: the report claims ${claimed.verdict}, the re-run measured ${first.verdict}${first.failed.length ? ` (failed ${first.failed.join(', ')})` : ''}`);
  for (const c of claimed.checks) {
    const m = first.checks.find((x) => x.id === c.id);
    if (m && m.pass !== c.pass) disagreements.push(`${c.id}: the report claims ${c.pass ? 'pass' : 'fail'} (${String(c.measured)}), the re-run measured ${m.pass ? 'pass' : 'fail'} (${String(m.measured)})`);
  }
  return {
    lab: entry.lab.id,
    candidateLabDigest: report.assessment.labDigest,
    labDigestMatches: digest === report.assessment.labDigest,
    claimed,
    recomputedScore: recomputed.total,
    runs,
    disagreements,
    agreement: { runs: runs.length, sameVerdict: runs.filter((r) => r.verdict === first.verdict).length },
  };
}

async function remeasure(entry: LabEntry, ws: string, report: AssessmentReport, opts: VerifyOptions): Promise<Remeasured> {
  try {
    const r = await runCheck(entry, { workspaceDir: ws, mode: report.assessment.mode, log: opts.log, signal: opts.signal, env: opts.env, docker: opts.docker, compose: opts.compose });
    return { verdict: r.verdict, failed: r.failed, checks: outcomes(r), ...(r.files ? { report: r.files.md } : {}) };
  } catch (err) {
    if (!(err instanceof CheckRunError) || err.cancelled) throw err;
    return { verdict: 'error', failed: err.report.failed, checks: outcomes(err.report), error: err.message };
  }
}

/** The diff's files, each a learner file of the lab; anything else refuses the whole bundle. */
function patchOf(diff: string, entry: LabEntry): ReturnType<typeof parsePatchText> {
  if (!diff.trim()) return [];
  let files: ReturnType<typeof parsePatchText>;
  try {
    files = parsePatchText(diff, 'changes.diff');
  } catch (err) {
    throw new VerifyRefusedError(`the bundle's changes.diff is not a patch the lab takes: ${(err as Error).message}`);
  }
  const isLearner = learnerFileMatcher(entry.lab.learnerFiles);
  const outside = files.map((f) => f.file).filter((f) => !isLearner(f) || f.split('/').includes('..') || f.startsWith('/'));
  if (outside.length) {
    throw new VerifyRefusedError(`the bundle's diff changes files outside the lab's learnerFiles: ${outside.join(', ')}. A check runs only learner files (${entry.lab.learnerFiles.join(', ')}); this bundle is refused.`);
  }
  return files;
}

function parseReport(text: string, file: string): AssessmentReport {
  let r: AssessmentReport;
  try {
    r = JSON.parse(text);
  } catch (err) {
    throw new VerifyRefusedError(`${file}: report.json is not valid JSON (${(err as Error).message}).`);
  }
  const a = r?.assessment;
  if (!a || typeof a.lab !== 'string' || !Array.isArray(r.submits) || !Array.isArray(r.checks) || !r.score || typeof r.score.total !== 'number' || !r.rubric || !r.diagnosis?.known) {
    throw new VerifyRefusedError(`${file}: report.json is not an assessment report (format ${JSON.stringify((r as { format?: unknown })?.format)}).`);
  }
  return r;
}
