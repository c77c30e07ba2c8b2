// Which labs a costly real-engine suite covers in this run, when covering every lab on every run would cost
// too much: the labs whose own files changed since their ledger (or that have no valid ledger), at most
// `maxChanged` of them, and one more by the CI run's number (the proof's rotation number), so each lab is
// covered in turn. An environment variable overrides: `all`, or a comma-separated list of ids (an unknown
// id is an error). Synchronous: mocha defines tests before any hook runs.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import type { LabEntry } from '../../src/core/labs/types';
import { labChanged, proofInputs, proofRunNumber, readLedger } from '../../src/core/proof';

const repo = resolve(__dirname, '..', '..');

export interface InTurn {
  /** The labs this run covers, sorted. */
  ids: string[];
  /** One line for the log: the run, what is covered and why, and how to cover every lab. */
  why: string;
}

export function labsInTurn(candidates: readonly string[], opts: { envVar: string; maxChanged: number; env?: NodeJS.ProcessEnv }): InTurn {
  const env = opts.env ?? process.env;
  const ids = [...candidates].sort();
  const asked = env[opts.envVar];
  if (asked === 'all') return { ids, why: `${opts.envVar}=all: every lab (${ids.join(', ')})` };
  if (asked) {
    const named = asked.split(',').map((s) => s.trim()).filter(Boolean);
    const unknown = named.filter((id) => !ids.includes(id));
    if (unknown.length) throw new Error(`${opts.envVar} names ${unknown.join(', ')}: use all, or some of ${ids.join(', ')}`);
    return { ids: [...new Set(named)].sort(), why: `${opts.envVar}=${asked}` };
  }
  const run = proofRunNumber(env, repo);
  const changed = ids.filter((id) => {
    const dir = join(repo, 'labs', id);
    if (!existsSync(join(dir, 'lab.yaml'))) throw new Error(`labsInTurn: ${id} is not a bundled lab (no labs/${id}/lab.yaml)`);
    const entry = { dir, lab: parse(readFileSync(join(dir, 'lab.yaml'), 'utf8')) } as LabEntry;
    return labChanged(readLedger(entry), proofInputs(entry, repo));
  });
  const turn = ids[run % ids.length];
  const chosen = [...new Set([...changed.slice(0, opts.maxChanged), turn])].sort();
  return { ids: chosen, why: `run ${run}: ${chosen.join(', ')} (${changed.length ? `changed: ${changed.join(', ')}; ` : ''}in turn: ${turn}; ${opts.envVar}=all covers all ${ids.length})` };
}
