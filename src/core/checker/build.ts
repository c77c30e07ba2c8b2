// Rebuild only what the learner changed: a content hash per built service, kept in
// <workspace>/.breakfix/build-hashes.json together with the image id it produced.
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';
import type { ComposeCli } from '../runtime/types';

export interface BuiltService {
  service: string;
  /** Absolute build context. */
  context: string;
  /** Compose profiles of the service (a profile-only service must be named with --profile). */
  profiles: string[];
  /** Image name Compose gives the build: `image:` if set, else <project>_<service> (v1) / <project>-<service> (v2). */
  image: string;
}

export type BuildHashes = Record<string, { hash: string; imageId?: string }>;

/** Services of the compose file that have `build:`. */
export function builtServices(composeFile: string, stackDir: string, project: string, compose: Pick<ComposeCli, 'kind'>): BuiltService[] {
  const doc = parse(readFileSync(composeFile, 'utf8')) as { services?: Record<string, Record<string, unknown> | null> } | null;
  const out: BuiltService[] = [];
  for (const [service, def] of Object.entries(doc?.services ?? {})) {
    const build = def?.build as string | { context?: string } | undefined;
    if (!build) continue;
    const ctx = typeof build === 'string' ? build : build.context ?? '.';
    const profiles = Array.isArray(def?.profiles) ? (def!.profiles as string[]) : [];
    const image = typeof def?.image === 'string' ? def.image : `${project}${compose.kind === 'v1' ? '_' : '-'}${service}`;
    out.push({ service, context: resolve(stackDir, ctx), profiles, image });
  }
  return out;
}

export async function readHashes(file: string): Promise<BuildHashes> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as BuildHashes;
  } catch {
    return {};
  }
}

export async function writeHashes(file: string, hashes: BuildHashes): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(hashes, null, 2) + '\n');
  await rename(tmp, file);
}

/**
 * Which services need a build: no record yet, content changed, or the image now in the engine is not the one
 * recorded (another workspace of the same lab built over it).
 */
export function needsBuild(service: string, hash: string, stored: BuildHashes, currentImageId: string | undefined): boolean {
  const rec = stored[service];
  return !rec || rec.hash !== hash || !currentImageId || rec.imageId !== currentImageId;
}
