// `breakfix new <id>`: a new lab folder on the lab kit, complete enough to lint clean, for an author to
// turn into a real lab (docs/authoring.md). Never overwrites: an existing folder is an error.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { scaffoldFiles } from './scaffoldFiles';

const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export interface ScaffoldResult {
  dir: string;
  files: string[];
}

/** "url-shortener-hot-keys" → "Url shortener hot keys". */
export function titleOf(id: string): string {
  const words = id.split('-').join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Writes labs/<id>/ under `labsDir`. `port`: the first of three published ports (app, load, Prometheus),
 * all on 127.0.0.1; pick ones no other lab uses.
 */
export function scaffoldLab(labsDir: string, id: string, port: number): ScaffoldResult {
  if (!ID.test(id)) throw new Error(`"${id}" is not a lab id: use lowercase words joined by hyphens, e.g. url-shortener-hot-keys`);
  if (!Number.isInteger(port) || port < 1024 || port > 65533) throw new Error(`--port must be a whole number from 1024 to 65533 (three ports from it are published), not ${port}`);
  const dir = join(labsDir, id);
  if (existsSync(dir)) throw new Error(`${dir} already exists: pick another id, or remove the folder first`);
  const files = scaffoldFiles({ id, title: titleOf(id), port });
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return { dir, files: Object.keys(files).sort() };
}
