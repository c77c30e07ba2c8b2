// The lab catalogue: every labs/<id>/lab.yaml, validated. A broken lab becomes a problem; the rest still load.
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Catalogue, LabEntry, LabProblem, Level } from './types';
import { LEVELS } from './types';
import { isGlob, learnerFilesAmong, listLabFiles } from './learnerFiles';
import { clampProblem, parseLab, type LabYamlLocator } from './validate';

export async function loadCatalogue(labsDir: string): Promise<Catalogue> {
  const labs: LabEntry[] = [];
  const problems: LabProblem[] = [];
  let names: string[];
  try {
    names = (await readdir(labsDir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  } catch (err) {
    problems.push({ labDir: labsDir, where: labsDir, message: `cannot read the labs folder: ${(err as Error).message}`, hint: 'Reinstall the extension, or pass the folder that holds labs/<id>/lab.yaml.' });
    return { labs, problems };
  }
  for (const name of names) {
    const dir = join(labsDir, name);
    const file = join(dir, 'lab.yaml');
    // One lab at a time: whatever is wrong with this one becomes its problem, never the catalogue's.
    try {
      const text = await readLabYaml(file);
      if (text === undefined) continue;
      const result = parseLab(text, file, dir);
      if (!result.ok) {
        problems.push(...result.problems);
        continue;
      }
      const entry: LabEntry = { lab: result.lab, dir, composeFile: join(dir, 'compose.yaml'), readme: join(dir, 'README.md') };
      const consistency = checkEntry(entry, name, result.where);
      if (consistency.length) problems.push(...consistency);
      else labs.push(entry);
    } catch (err) {
      const p = err instanceof LabFileError ? err : { message: `cannot be loaded: ${(err as Error).message}`, hint: 'Fix lab.yaml (run `breakfix lint` for the details), or remove this folder from labs/.' };
      problems.push({ labDir: dir, where: `${file}:1:1`, message: `lab.yaml ${p.message}`, hint: p.hint });
    }
  }
  labs.sort((a, b) => LEVELS.indexOf(a.lab.level) - LEVELS.indexOf(b.lab.level) || a.lab.id.localeCompare(b.lab.id));
  return { labs, problems: problems.map(clampProblem) };
}

/** A lab.yaml is a small text file; anything bigger is a mistake or an attack. */
export const MAX_LAB_YAML_BYTES = 1024 * 1024;

class LabFileError extends Error {
  constructor(message: string, readonly hint: string) {
    super(message);
  }
}

/** The text of a lab's lab.yaml; undefined when the folder has none (not a lab). Never blocks on a FIFO or a device. */
async function readLabYaml(file: string): Promise<string | undefined> {
  let info;
  try {
    info = await stat(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  if (!info.isFile()) {
    const kind = info.isDirectory() ? 'a folder' : info.isFIFO() ? 'a FIFO (named pipe)' : info.isSocket() ? 'a socket' : 'a device';
    throw new LabFileError(`is ${kind}, not a file`, 'Make lab.yaml a plain YAML file (see labs/lab.schema.json), or remove the folder from labs/.');
  }
  if (info.size > MAX_LAB_YAML_BYTES) {
    throw new LabFileError(`is ${(info.size / 1024 / 1024).toFixed(1)} MB; a lab.yaml is at most ${MAX_LAB_YAML_BYTES / 1024 / 1024} MB`, 'Keep long text in README.md, and lab.yaml to the lab\'s definition.');
  }
  return readFile(file, 'utf8');
}

/** What the schema cannot see: the id matches the folder and the referenced files exist. */
function checkEntry(entry: LabEntry, folder: string, where: LabYamlLocator): LabProblem[] {
  const out: LabProblem[] = [];
  const problem = (path: (string | number)[], message: string, hint: string) => out.push({ labDir: entry.dir, where: where(path), message, hint });
  if (entry.lab.id !== folder) problem(['id'], `id "${entry.lab.id}" differs from its folder "${folder}"`, `Rename the folder or set id: ${folder}.`);
  if (!existsSync(entry.composeFile)) problem([], 'compose.yaml is missing', 'Every lab ships its stack as compose.yaml next to lab.yaml.');
  if (!existsSync(entry.readme)) problem([], 'README.md is missing', 'Every lab ships its spec as README.md next to lab.yaml.');
  const files = listLabFiles(entry.dir);
  entry.lab.learnerFiles.forEach((f, i) => {
    if (f.startsWith('!') || learnerFilesAmong([f], files).length) return;
    if (isGlob(f)) problem(['learnerFiles', i], `learner files "${f}" match no file of the lab`, `Fix the pattern, or remove it from learnerFiles.`);
    else problem(['learnerFiles', i], `learner file "${f}" does not exist`, `Create ${f} or remove it from learnerFiles.`);
  });
  return out;
}

export interface LabFilter {
  level?: string;
  domain?: string;
}

export function filterLabs(labs: LabEntry[], f: LabFilter): LabEntry[] {
  return labs.filter((e) => (!f.level || e.lab.level === f.level) && (!f.domain || e.lab.domains.includes(f.domain)));
}

export function findLab(catalogue: Catalogue, id: string): LabEntry | undefined {
  return catalogue.labs.find((e) => e.lab.id === id);
}

export function isLevel(s: string): s is Level {
  return (LEVELS as readonly string[]).includes(s);
}
