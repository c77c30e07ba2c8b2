// One sha256 over a set of files: each file's relative path and content, in path order. What the proof
// ledger records of a lab, the kit and the checker, and how the runtime tells a stale kit image.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export function digestFiles(root: string, files: string[]): string {
  const h = createHash('sha256');
  for (const f of [...files].sort()) h.update(f).update('\0').update(readFileSync(join(root, f))).update('\0');
  return h.digest('hex');
}
