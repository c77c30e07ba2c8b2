// Lab patches: the reference solution (`solution/fix.patch`, against the baseline) and each mutant
// (`mutants/<id>.patch`, against the solution) are unified diffs, paths relative to the lab with the `a/`
// and `b/` prefixes git writes, so each shows only its idea. Applied with the `diff` library, exactly: a hunk
// whose context no longer matches is an error, never a fuzzy guess.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { applyPatch, createTwoFilesPatch, parsePatch, type StructuredPatch } from 'diff';

export class PatchError extends Error {}

export interface FilePatch {
  /** The file the patch changes, relative to the lab. */
  file: string;
  /** The file does not exist before the patch (`--- /dev/null`). */
  created: boolean;
  patch: StructuredPatch;
}

const strip = (name: string | undefined) => (name ?? '').replace(/^[ab]\//, '').replace(/\t.*$/, '');

/** The files of a patch, each with its hunks. A patch that changes nothing, or deletes a file, is an error. */
export function readPatch(patchFile: string): FilePatch[] {
  return parsePatchText(readFileSync(patchFile, 'utf8'), patchFile);
}

/** readPatch of a patch's text; `name` says where it came from in errors. */
export function parsePatchText(text: string, patchFile: string): FilePatch[] {
  let parsed: StructuredPatch[];
  try {
    parsed = parsePatch(text);
  } catch (err) {
    throw new PatchError(`${patchFile} is not a unified diff: ${(err as Error).message}`);
  }
  const files = parsed.filter((p) => p.hunks.length > 0);
  if (!files.length) throw new PatchError(`${patchFile} changes nothing: write it with \`diff -u --label a/<file> --label b/<file> before after\`, paths relative to the lab`);
  return files.map((p) => {
    if (strip(p.newFileName) === '/dev/null') throw new PatchError(`${patchFile} deletes ${strip(p.oldFileName)}: a lab patch changes or adds files, it never removes one`);
    const created = strip(p.oldFileName) === '/dev/null';
    return { file: strip(p.newFileName), created, patch: p };
  });
}

/**
 * The patched text of each file of the patch, read through `current` (the file's text before the patch, or
 * undefined when there is none). `against` names what the patch was written against ("the baseline", "the
 * solution"). Throws a PatchError naming the file and the hunk that does not apply.
 */
export function patchedTexts(patchFile: string, current: (file: string) => string | undefined, against: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of readPatch(patchFile)) {
    const before = current(f.file);
    if (f.created && before !== undefined) throw new PatchError(`${patchFile} creates ${f.file}, which ${against} already has`);
    if (!f.created && before === undefined) throw new PatchError(`${patchFile} changes ${f.file}, which ${against} does not have`);
    const after = applyPatch(before ?? '', f.patch);
    if (after === false) {
      const lines = f.patch.hunks.map((h) => h.oldStart).join(', ');
      throw new PatchError(`${patchFile} no longer applies to ${f.file} (hunks at line ${lines}): ${against} changed under it. Write the patch again against ${against}.`);
    }
    out.set(f.file, after);
  }
  return out;
}

/** The text of each file under `root` (relative path → content, undefined when there is none). */
export function textsUnder(root: string): (file: string) => string | undefined {
  return (file) => (existsSync(join(root, file)) ? readFileSync(join(root, file), 'utf8') : undefined);
}

/**
 * A unified diff of one lab file with paths relative to the lab, as `git diff --relative` writes them and
 * readPatch() reads them; `before` undefined: the file is new (`--- /dev/null`).
 */
export function unifiedDiff(file: string, before: string | undefined, after: string): string {
  const patch = createTwoFilesPatch(before === undefined ? '/dev/null' : `a/${file}`, `b/${file}`, before ?? '', after, undefined, undefined, { context: 3 });
  return patch.replace(/^(Index: .*\n)?=+\n/, '');
}

/** Writes texts (relative path → content) into a lab copy. Returns the files it wrote. */
export function writeTexts(texts: Map<string, string>, labCopy: string): string[] {
  for (const [file, text] of texts) {
    mkdirSync(dirname(join(labCopy, file)), { recursive: true });
    writeFileSync(join(labCopy, file), text);
  }
  return [...texts.keys()];
}

/** Applies a mutant's patch to a lab copy that already holds the solution. Returns the files it wrote. */
export function applyMutantPatch(patchFile: string, labCopy: string): string[] {
  return writeTexts(patchedTexts(patchFile, textsUnder(labCopy), 'the solution'), labCopy);
}
