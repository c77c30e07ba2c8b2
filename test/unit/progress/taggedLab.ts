// A lab fixture whose check names a mistake: the tiny-queue fixture copied to a temp labs folder, with a
// second check `dupes` tagged `mistake: <tag>` (its `all-up` names none). Bundled labs stay untouched: a
// bundled lab.yaml is part of every proof ledger's digest.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureLabs } from '../cli/tempCli';

export const TAGGED_ID = 'tiny-queue';

export function taggedTinyQueue(labsDir: string, tag = 'missing-dedup'): void {
  cpSync(join(fixtureLabs, TAGGED_ID), join(labsDir, TAGGED_ID), { recursive: true });
  const file = join(labsDir, TAGGED_ID, 'lab.yaml');
  const dupes = `  - { id: dupes, title: No duplicates, kind: probe, probe: { service: queue, port: 8080, path: /stats }, path: dupes, op: "==", threshold: 0, unit: count, mistake: ${tag} }\n`;
  writeFileSync(file, readFileSync(file, 'utf8').replace(/^hints:/m, `${dupes}hints:`));
}
