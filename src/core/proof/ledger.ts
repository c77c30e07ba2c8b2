// The proof ledger, labs/<id>/proof.json: what the last full proof of a lab measured, and the hashes of
// everything that proof depended on. `breakfix lint --prove` writes it, and nothing else does. The CI
// planner (plan.ts) reads it to decide what needs proving again.
//
// The seal is a checksum of the ledger's own content, not a signature: it catches a hand edit (a verdict
// flipped, a hash pasted in) that did not go through a proof. Anyone can recompute it on purpose; the
// rotation (every lab fully re-proven within ROTATION runs) is what bounds how long a forged ledger lives.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { digestFiles, filesUnder } from '../labs/digest';
import { listLabFiles } from '../labs/learnerFiles';
import type { LabEntry } from '../labs/types';
import { writeFileAtomic } from '../progress/atomicWrite';
import type { ProofOutcome } from './prove';

export const LEDGER_FILE = 'proof.json';
export const LEDGER_FORMAT = 1;

/**
 * The code every lab's proof runs, relative to the source root: the checker and what it drives. A change
 * here can change any verdict. KIT_SOURCES: the lab kit every lab's services build on.
 */
export const CHECKER_SOURCES = ['src/core/checker', 'src/core/faults', 'src/core/metrics', 'src/core/runtime', 'src/core/scaling', 'src/core/proof/prove.ts'];
export const KIT_SOURCES = ['labs/_kit'];

/**
 * Files of a lab that no proof reads: its prose (the spec, the writeup template, the solution's
 * explanation), its Grafana dashboard and its assessment (assessment.yaml). An edit there needs no proof, so it leaves the ledger fresh.
 */
export function readByProof(file: string): boolean {
  return !['README.md', 'writeup.md', 'solution/README.md', 'assessment.yaml'].includes(file) && !file.startsWith('grafana/');
}

/** What a proof depended on, as sha256 hex digests. */
export interface ProofInputs {
  /** Every file of the lab (solution and mutants included), except the ledger. */
  lab: string;
  kit: string;
  checker: string;
}

export interface LedgerCase {
  case: string;
  expectation: string;
  met: boolean;
  failed: string[];
  /** Each evaluated check's measured value. */
  measured: Record<string, number | string | null>;
  /** What the run cost per 1,000 events, in the lab's currency (labs with a cost model; absent from older ledgers). */
  costPerThousand?: number | null;
  seconds: number;
}

export interface ProofLedger {
  format: typeof LEDGER_FORMAT;
  lab: string;
  provedAt: string;
  inputs: ProofInputs;
  cases: LedgerCase[];
  /** sha256 of the ledger without its seal: see the note at the top. */
  seal: string;
}

export type LedgerRead = { ok: true; ledger: ProofLedger } | { ok: false; missing: boolean; problem: string };

export function ledgerPath(entry: LabEntry): string {
  return join(entry.dir, LEDGER_FILE);
}

function sha256(parts: Iterable<string | Buffer>): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
}


/** The files under `sourceRoot` that `paths` name, each of which must exist. */
function sourceFiles(sourceRoot: string, paths: string[]): string[] {
  for (const p of paths) {
    const abs = join(sourceRoot, p);
    if (!existsSync(abs)) throw new Error(`${abs} is missing: the proof planner needs the product's source tree (run it from a clone of the repository)`);
  }
  return filesUnder(sourceRoot, paths);
}

/** The digest of what a proof reads of the lab: every file but its prose, its dashboard and the ledger. */
export function labDigest(entry: LabEntry): string {
  return digestFiles(entry.dir, listLabFiles(entry.dir, { withProof: true }).filter(readByProof));
}

/** The hashes of what a proof of `entry` depends on, now. `sourceRoot` is the repository's root. */
export function proofInputs(entry: LabEntry, sourceRoot: string): ProofInputs {
  return {
    lab: labDigest(entry),
    kit: digestFiles(sourceRoot, sourceFiles(sourceRoot, KIT_SOURCES)),
    checker: digestFiles(sourceRoot, sourceFiles(sourceRoot, CHECKER_SOURCES)),
  };
}

function sealOf(ledger: Omit<ProofLedger, 'seal'>): string {
  return sha256([JSON.stringify({ ...ledger, seal: undefined })]);
}

/** The ledger of a full proof: every case of the lab, with the inputs it ran on. */
export function ledgerOf(entry: LabEntry, inputs: ProofInputs, outcomes: ProofOutcome[], provedAt = new Date()): ProofLedger {
  const body: Omit<ProofLedger, 'seal'> = {
    format: LEDGER_FORMAT,
    lab: entry.lab.id,
    provedAt: provedAt.toISOString(),
    inputs,
    cases: outcomes.map((o) => ({ case: o.case, expectation: o.expectation, met: o.met, failed: o.failed, measured: o.measured, ...(o.costPerThousand !== undefined ? { costPerThousand: o.costPerThousand } : {}), seconds: o.seconds })),
  };
  return { ...body, seal: sealOf(body) };
}

export async function writeLedger(entry: LabEntry, ledger: ProofLedger): Promise<string> {
  const file = ledgerPath(entry);
  await writeFileAtomic(file, JSON.stringify(ledger, null, 2) + '\n');
  return file;
}

/** The lab's ledger, or why there is none to trust: missing, unreadable, another format, or edited by hand. */
export function readLedger(entry: LabEntry): LedgerRead {
  const file = ledgerPath(entry);
  if (!existsSync(file)) return { ok: false, missing: true, problem: 'no proof ledger yet' };
  let data: ProofLedger;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    return { ok: false, missing: false, problem: `${LEDGER_FILE} is not valid JSON (${(err as Error).message})` };
  }
  if (!data || typeof data !== 'object' || data.format !== LEDGER_FORMAT || !Array.isArray(data.cases) || !data.inputs) {
    return { ok: false, missing: false, problem: `${LEDGER_FILE} is not a format-${LEDGER_FORMAT} proof ledger` };
  }
  const { seal, ...body } = data;
  if (seal !== sealOf(body)) return { ok: false, missing: false, problem: `${LEDGER_FILE} was edited after its proof (its seal does not match its content)` };
  if (data.lab !== entry.lab.id) return { ok: false, missing: false, problem: `${LEDGER_FILE} is the ledger of lab "${data.lab}"` };
  return { ok: true, ledger: data };
}
