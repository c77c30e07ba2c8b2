// The lab kit's image: a lab that declares `kit: N` builds its services FROM breakfix-lab-kit:N, so that
// image must exist, and match the kit's files, before Compose builds anything. Built here, with the
// engine's API, from labs/_kit next to the bundled labs; its digest is a label, so a changed kit is rebuilt
// and an unchanged one costs one inspect.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { digestFiles, filesUnder } from '../labs/digest';
import type { LabEntry } from '../labs/types';
import type { DockerClient } from './dockerClient';
import type { Logger } from './types';

export const KIT_FOLDER = '_kit';
export const KIT_DIGEST_LABEL = 'org.breakfix.kit.digest';
/** CI machines without registry access: the kit's npm install needs the host network and the machine's CA. */
export const BUILD_NETWORK_ENV = 'BREAKFIX_BUILD_NETWORK';
export const BUILD_CA_ENV = 'BREAKFIX_BUILD_CA_CERTS';

export const kitImage = (version: number) => `breakfix-lab-kit:${version}`;

/** The kit folder for a bundled lab: labs/_kit, next to the lab's own folder. */
export function kitDirFor(entry: LabEntry): string {
  return join(dirname(entry.dir), KIT_FOLDER);
}

/** The variable a lab's compose.yaml names the kit's folder by (the Grafana provisioning is mounted from it). */
export const KIT_DIR_ENV = 'BREAKFIX_KIT_DIR';

/** The environment of a lab's Compose commands: `env` plus, for a lab on the kit, where the kit is. */
export function withKitDir(entry: LabEntry, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return entry.lab.kit === undefined ? env : { ...env, [KIT_DIR_ENV]: kitDirFor(entry) };
}

export interface KitOptions {
  docker: DockerClient;
  env?: NodeJS.ProcessEnv;
  log?: Logger;
  signal?: AbortSignal;
}

/**
 * Makes sure the lab's kit image exists and holds the kit's current files; builds it when not. Returns
 * the image id (undefined for a lab without `kit`), which changes whenever the kit is rebuilt.
 */
export async function ensureLabKit(entry: LabEntry, opts: KitOptions): Promise<string | undefined> {
  const version = entry.lab.kit;
  if (version === undefined) return undefined;
  const dir = kitDirFor(entry);
  if (!existsSync(join(dir, 'Dockerfile'))) {
    throw new Error(`lab ${entry.lab.id} builds on the lab kit ${version}, but ${dir} has no Dockerfile: reinstall the extension (the kit ships next to the labs)`);
  }
  const tag = kitImage(version);
  const files = filesUnder(dir);
  const digest = digestFiles(dir, files);
  const labels = await opts.docker.imageLabels(tag, { signal: opts.signal });
  if (labels?.[KIT_DIGEST_LABEL] === digest) return opts.docker.imageId(tag, { signal: opts.signal });

  const env = opts.env ?? process.env;
  opts.log?.(`[kit] building ${tag} from ${dir} (${labels ? 'the kit changed' : 'first use'}; once, about a minute)`);
  const ca = env[BUILD_CA_ENV];
  await opts.docker.buildImage(
    dir,
    files,
    {
      tag,
      labels: { [KIT_DIGEST_LABEL]: digest },
      buildArgs: ca ? { NODE_EXTRA_CA_CERTS: ca } : {},
      networkMode: env[BUILD_NETWORK_ENV] || undefined,
    },
    (line) => opts.log?.(`[kit] ${line}`),
    { signal: opts.signal, timeoutMs: 900_000 },
  );
  return opts.docker.imageId(tag, { signal: opts.signal });
}
