// One home for content digests: one sha256 over a set of files, each file's relative path and content in
// path order. What the proof ledger records of a lab, the kit and the checker; how the runtime tells a stale
// kit image; and how a check tells a service whose build context changed.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export function digestFiles(root: string, files: string[]): string {
  const h = createHash('sha256');
  for (const f of [...files].sort()) h.update(f).update('\0').update(readFileSync(join(root, f))).update('\0');
  return h.digest('hex');
}

/**
 * The files under `root` that `paths` name (files, or folders walked whole), relative with `/` and sorted.
 * node_modules and dot folders are never part of a digest: an install or an editor's state is not content.
 * A path that does not exist is left out; `digestOf` callers that need it present check first.
 */
export function filesUnder(root: string, paths: string[] = ['.']): string[] {
  const out: string[] = [];
  const walk = (abs: string) => {
    const st = statSync(abs);
    if (st.isFile()) out.push(relative(root, abs).split('\\').join('/'));
    else if (st.isDirectory()) for (const name of readdirSync(abs)) if (name !== 'node_modules' && !name.startsWith('.')) walk(join(abs, name));
  };
  for (const p of paths) if (existsSync(join(root, p))) walk(join(root, p));
  return out.sort();
}

/** The digest of every file in a folder (empty when it does not exist). */
export function digestDir(dir: string): string {
  return digestFiles(dir, filesUnder(dir));
}
