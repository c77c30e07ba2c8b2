// What every CLI command gets: parsed flags, the catalogue, output helpers and a cancellation signal.
import { resolve } from 'node:path';
import { closest } from '../core/labs/suggest';
import { findLab, loadCatalogue } from '../core/labs/catalogue';
import type { Catalogue, LabEntry } from '../core/labs/types';

export class UsageError extends Error {}

export interface CliContext {
  positionals: string[];
  flags: Record<string, string | boolean | (string | boolean)[] | undefined>;
  signal: AbortSignal;
  out: (line?: string) => void;
  err: (line: string) => void;
  catalogue(): Promise<Catalogue>;
  lab(id: string | undefined): Promise<LabEntry>;
}

/** The bundled labs: <package>/labs next to dist/, or BREAKFIX_LABS_DIR. */
export function labsDir(): string {
  return process.env.BREAKFIX_LABS_DIR ? resolve(process.env.BREAKFIX_LABS_DIR) : resolve(__dirname, '..', 'labs');
}

export function makeContext(positionals: string[], flags: CliContext['flags'], signal: AbortSignal): CliContext {
  let cached: Promise<Catalogue> | undefined;
  const catalogue = () => (cached ??= loadCatalogue(labsDir()));
  return {
    positionals,
    flags,
    signal,
    out: (line = '') => process.stdout.write(line + '\n'),
    err: (line) => process.stderr.write(line + '\n'),
    catalogue,
    async lab(id) {
      if (!id) throw new UsageError('missing <lab>. Run `breakfix list` to see the lab ids.');
      const cat = await catalogue();
      const entry = findLab(cat, id);
      if (entry) return entry;
      const broken = cat.problems.find((p) => p.labDir.endsWith(`/${id}`) || p.labDir.endsWith(`\\${id}`));
      if (broken) throw new UsageError(`lab "${id}" is broken: ${broken.where}: ${broken.message}. ${broken.hint}`);
      const guess = closest(id, cat.labs.map((l) => l.lab.id));
      const known = cat.labs.map((l) => l.lab.id).join(', ') || '(none)';
      throw new UsageError(`unknown lab "${id}".${guess ? ` Did you mean "${guess}"?` : ''} Known labs: ${known}.`);
    },
  };
}
