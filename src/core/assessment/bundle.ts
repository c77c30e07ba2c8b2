// The bundle a candidate hands in: one .tgz with fixed entry names (the report in its three forms, the
// diff, the postmortem, the submits' run reports). Read back in memory only: no entry is ever written to
// disk by its name, so a crafted archive cannot place a file anywhere.
import { existsSync, readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { extract, pack } from 'tar-stream';
import type { AssessmentReport } from './types';
import type { ReportFiles } from './report';

export const BUNDLE_ENTRIES = ['report.json', 'report.md', 'report.html', 'changes.diff', 'writeup.md', 'attempts.json'] as const;
export type BundleEntry = (typeof BUNDLE_ENTRIES)[number];
/** The most a bundle may unpack to, and the most one entry may hold. */
export const MAX_BUNDLE_BYTES = 64 * 1024 * 1024;
export const MAX_ENTRY_BYTES = 32 * 1024 * 1024;

export class BundleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BundleError';
  }
}

/** Writes the bundle of a report (written by writeAssessmentReport) to `out`. Returns its size in bytes. */
export async function writeBundle(report: AssessmentReport, files: ReportFiles, out: string): Promise<number> {
  const entries = new Map<BundleEntry, string>([
    ['report.json', await readFile(files.json, 'utf8')],
    ['report.md', await readFile(files.md, 'utf8')],
    ['report.html', await readFile(files.html, 'utf8')],
    ['changes.diff', report.diff],
  ]);
  if (report.postmortem.text !== null) entries.set('writeup.md', report.postmortem.text);
  const runs = report.submits.map((s) => ({ submit: s.n, report: s.report && existsSync(s.report) ? JSON.parse(readFileSync(s.report, 'utf8')) : null }));
  entries.set('attempts.json', JSON.stringify(runs, null, 2) + '\n');
  const tgz = gzipSync(await tarOf(entries, new Date(report.generatedAt)));
  await writeFile(out, tgz);
  return tgz.byteLength;
}

function tarOf(entries: Map<string, string>, mtime: Date): Promise<Buffer> {
  const p = pack();
  const chunks: Buffer[] = [];
  p.on('data', (c: unknown) => chunks.push(c as Buffer));
  const done = new Promise<Buffer>((resolve, reject) => {
    p.on('end', () => resolve(Buffer.concat(chunks)));
    p.on('error', reject);
  });
  for (const [name, text] of entries) p.entry({ name, mtime, mode: 0o644 }, text);
  p.finalize();
  return done;
}

/** The bundle's entries, read in memory; anything but the known names, or too big, is refused. */
export async function readBundle(file: string): Promise<Map<BundleEntry, string>> {
  let tar: Buffer;
  try {
    tar = gunzipSync(await readFile(file), { maxOutputLength: MAX_BUNDLE_BYTES });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') throw new BundleError(`${file} does not exist: give the path of the .tgz the candidate sent (\`breakfix assess bundle\` writes it).`);
    if (e.code === 'ERR_BUFFER_TOO_LARGE' || /too large|maxOutputLength/i.test(e.message)) throw new BundleError(`${file} unpacks to more than ${MAX_BUNDLE_BYTES / 1024 / 1024} MB: not an assessment bundle.`);
    throw new BundleError(`${file} is not a gzip archive (${e.message}): is it the bundle \`breakfix assess bundle\` wrote?`);
  }
  const out = new Map<BundleEntry, string>();
  const ex = extract();
  const done = new Promise<void>((resolve, reject) => {
    ex.on('entry', (header, stream, next) => {
      const name = header.name.replace(/^\.\//, '');
      if (header.type !== 'file' || !(BUNDLE_ENTRIES as readonly string[]).includes(name)) {
        stream.resume();
        return reject(new BundleError(`${file} holds "${header.name}" (${header.type}), which no bundle has: the entries are ${BUNDLE_ENTRIES.join(', ')}. It was not made by \`breakfix assess bundle\`.`));
      }
      if ((header.size ?? 0) > MAX_ENTRY_BYTES) {
        stream.resume();
        return reject(new BundleError(`${file}: ${name} is ${header.size} bytes, over ${MAX_ENTRY_BYTES}.`));
      }
      const chunks: Buffer[] = [];
      stream.on('data', (c: unknown) => chunks.push(c as Buffer));
      stream.on('end', () => {
        out.set(name as BundleEntry, Buffer.concat(chunks).toString('utf8'));
        next();
      });
      stream.on('error', reject);
    });
    ex.on('finish', resolve);
    ex.on('error', (err: Error) => reject(new BundleError(`${file} is not a valid tar archive inside its gzip (${err.message}).`)));
  });
  ex.end(tar);
  await done;
  for (const need of ['report.json', 'changes.diff'] as const) if (!out.has(need)) throw new BundleError(`${file} has no ${need}: it is incomplete. Ask for a new bundle (\`breakfix assess bundle\`).`);
  return out;
}

/** The bundle's default path: .breakfix/assessment/<id>/<lab>-<id>.tgz. */
export function bundlePath(files: ReportFiles, report: AssessmentReport): string {
  return join(files.dir, `${report.assessment.lab}-${report.assessment.id}.tgz`);
}
