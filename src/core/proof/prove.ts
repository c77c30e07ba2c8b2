// `lint --prove`: run `check --quick` on temp workspace copies of a lab (baseline, baseline + solution,
// baseline + solution + each mutant) and compare the failing checks with the lab's `proof` expectations.
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkLine } from '../checker/report';
import { CheckRunError, runCheck } from '../checker/run';
import type { PanelSeries, RunReport } from '../checker/types';
import type { LabEntry } from '../labs/types';
import { stackDown } from '../runtime/stack';
import { applyMutantPatch, PatchError, readPatch, writeTexts } from '../labs/patch';
import { SOLUTION_PATCH, solutionTexts } from '../solution';
import type { Logger } from '../runtime/types';
import { checkStackDir, labCopyDir } from '../workspace/paths';

export interface ProofCase {
  /** "baseline", "solution" or "mutant <id>". */
  name: string;
  /** The solution's patch is applied (solution/fix.patch). */
  solution: boolean;
  /** A mutant's patch (relative to the lab), applied after the solution. */
  patch?: string;
  /** Check ids that must fail; `passAll` means every check must pass. */
  mustFail: string[];
  passAll: boolean;
}

export interface ProofOutcome {
  lab: string;
  case: string;
  expectation: string;
  met: boolean;
  failed: string[];
  /** What was wrong, or the run's error. */
  detail: string;
  report?: string;
  /** One checkLine() per evaluated check: the measured evidence behind the verdict. */
  checks: string[];
  /** Each evaluated check's measured value, by check id. */
  measured: Record<string, number | string | null>;
  /** What the run cost per 1,000 events (lab.yaml cost); absent when the lab has no cost model. */
  costPerThousand?: number | null;
  seconds: number;
  /** Where the case's time went (the check's phases, in seconds), e.g. "build 1.2, up 3.4, scenario 21". */
  phases: string;
}

export function proofCases(entry: LabEntry): ProofCase[] {
  const proof = entry.lab.proof;
  if (!proof) return [];
  return [
    { name: 'baseline', solution: false, mustFail: proof.baselineFails, passAll: false },
    { name: 'solution', solution: true, mustFail: [], passAll: true },
    ...proof.mutants.map((m) => ({ name: `mutant ${m.id}`, solution: true, patch: m.patch, mustFail: m.fails, passAll: false })),
  ];
}

export function describeExpectation(c: ProofCase): string {
  return c.passAll ? 'all pass' : `fails ${c.mustFail.join(', ')}`;
}

/**
 * Did a run meet the case's expectation? The solution must also give every dashboard panel data: a panel
 * whose query matches nothing over a passing run is a broken chart (a misspelt metric or label).
 */
export function judge(c: ProofCase, failed: string[], series?: PanelSeries[]): { met: boolean; detail: string } {
  if (c.passAll) {
    if (failed.length) return { met: false, detail: `expected every check to pass; failed: ${failed.join(', ')}` };
    if (!series) return { met: false, detail: "the panels' data over the run was not captured" };
    const empty = series.filter((p) => !p.series.some((s) => s.values.length > 0)).map((p) => p.panel);
    return empty.length ? { met: false, detail: `panels with no data over the run (check their queries): ${empty.join(', ')}` } : { met: true, detail: '' };
  }
  const missing = c.mustFail.filter((id) => !failed.includes(id));
  return missing.length ? { met: false, detail: `expected to fail but passed: ${missing.join(', ')}` } : { met: true, detail: '' };
}

/** A temp workspace: <tmp>/labs/<id> = a copy of the lab with the case's solution and mutant patches applied. */
export function proofWorkspace(entry: LabEntry, c: Pick<ProofCase, 'solution' | 'patch'>): string {
  const ws = mkdtempSync(join(tmpdir(), `breakfix-proof-${entry.lab.id}-`));
  const copy = labCopyDir(ws, entry.lab.id);
  cpSync(entry.dir, copy, { recursive: true, filter: (src) => !/[\\/]node_modules([\\/]|$)/.test(src) });
  applyCase(entry, c, copy);
  return ws;
}

function applyCase(entry: LabEntry, c: Pick<ProofCase, 'solution' | 'patch'>, labCopy: string): void {
  if (c.solution) {
    const texts = solutionTexts(entry);
    if (!texts.size) throw new Error(`lab ${entry.lab.id} has no solution patch (solution/fix.patch)`);
    writeTexts(texts, labCopy);
  }
  if (c.patch) applyMutantPatch(join(entry.dir, c.patch), labCopy);
}

/** Every file the solution or a mutant patch of the lab writes, relative to the lab. */
function patchedFiles(entry: LabEntry): string[] {
  const patches = [SOLUTION_PATCH, ...proofCases(entry).flatMap((c) => (c.patch ? [c.patch] : []))].map((p) => join(entry.dir, p));
  return [...new Set(patches.filter((p) => existsSync(p)).flatMap((p) => readPatch(p).map((f) => f.file)))];
}

/** Puts the lab copy back to the lab's own files wherever a patch may have written. */
function restorePatched(entry: LabEntry, labCopy: string, files: string[]): void {
  for (const rel of files) {
    const own = join(entry.dir, rel);
    if (existsSync(own)) cpSync(own, join(labCopy, rel));
    else rmSync(join(labCopy, rel), { force: true });
  }
}

export interface ProveOptions {
  log?: Logger;
  signal?: AbortSignal;
  requests?: number;
  rate?: number;
  /** Called after each case, for live output. */
  onOutcome?: (o: ProofOutcome) => void;
  /** Keep the temp workspaces (reports stay readable). Default: removed, except the reports' paths are printed. */
  keep?: boolean;
  /** Prove only these cases (by name: "baseline", "solution", "mutant <id>"). Default: every case. */
  cases?: string[];
}

/**
 * Runs every proof case of a lab in one temp workspace and one stack: before each case the patched files
 * are put back and the case's patches applied, so `check` rebuilds only the services whose files changed
 * and its scenario reset starts each run clean (as when a learner checks again). The stack goes down at the end.
 */
export async function proveLab(entry: LabEntry, opts: ProveOptions = {}): Promise<ProofOutcome[]> {
  const outcomes: ProofOutcome[] = [];
  const ws = proofWorkspace(entry, { solution: false });
  const copy = labCopyDir(ws, entry.lab.id);
  const patched = patchedFiles(entry);
  try {
    for (const c of proofCases(entry).filter((x) => !opts.cases || opts.cases.includes(x.name))) {
      const t0 = Date.now();
      restorePatched(entry, copy, patched);
      opts.log?.(`[proof] ${entry.lab.id}: ${c.name} (${describeExpectation(c)}) in ${ws}`);
      let report: RunReport | undefined;
      let error: string | undefined;
      try {
        applyCase(entry, c, copy);
        // A case that must fail some checks is judged on those only: evaluating the others (the recovery
        // check waits a minute after the outage) would not change its verdict.
        const only = c.passAll ? undefined : c.mustFail;
        report = await runCheck(entry, { workspaceDir: ws, mode: 'quick', requests: opts.requests, rate: opts.rate, log: opts.log, signal: opts.signal, only });
      } catch (err) {
        if (err instanceof PatchError) error = err.message;
        else if (!(err instanceof CheckRunError) || err.cancelled) throw err;
        else {
          report = err.report;
          error = err.message;
        }
      }
      const failed = report?.failed ?? [];
      const verdict = error ? { met: false, detail: error } : judge(c, failed, report?.series);
      const outcome: ProofOutcome = {
        lab: entry.lab.id,
        case: c.name,
        expectation: describeExpectation(c),
        met: verdict.met,
        failed,
        detail: verdict.detail,
        report: report?.files?.md,
        checks: (report?.checks ?? []).map(checkLine),
        measured: Object.fromEntries((report?.checks ?? []).map((x) => [x.id, x.measured])),
        ...(report?.cost ? { costPerThousand: report.cost.perThousand } : {}),
        seconds: Math.round((Date.now() - t0) / 1000),
        phases: Object.entries(report?.durations ?? {})
          .filter(([k]) => k !== 'total')
          .map(([k, v]) => `${k} ${v}`)
          .join(', '),
      };
      outcomes.push(outcome);
      opts.onOutcome?.(outcome);
    }
  } finally {
    // Take the stack down before its folders go.
    await stackDown(entry, { dir: copy, log: opts.log }).catch((e: Error) => opts.log?.(`[proof] down failed: ${e.message}`));
    // Keep the run reports when a case did not meet its expectation (or with --keep).
    if (!opts.keep) {
      rmSync(outcomes.every((o) => o.met) ? ws : copy, { recursive: true, force: true });
      rmSync(checkStackDir(ws, entry.lab.id), { recursive: true, force: true });
    }
  }
  return outcomes;
}
