// Lint rules on a lab's compose.yaml: every published port binds 127.0.0.1, so a lab's stack (an admin
// reset endpoint, a database) is never reachable from the network the learner's machine is on; the file
// has only the top-level keys both Compose v1 and v2 accept; and a volume of the lab's is mounted wherever
// an image declares one, so that no container leaves an anonymous volume behind.
import { readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { bindAddress } from '../labs/ports';
import { positionsIn } from '../labs/textPosition';
import type { LabEntry, LabProblem } from '../labs/types';

const LOOPBACK = '127.0.0.1';
/** The top-level keys Compose v1 (file format 3.x) accepts besides x- extensions. */
const V1_TOP_LEVEL = new Set(['version', 'services', 'networks', 'volumes', 'configs', 'secrets']);
/**
 * Where the images the labs run declare a VOLUME. A container of one that is recreated (a check recreates
 * the stack from its own folder) leaves an anonymous volume behind, and `down -v` cannot find it: it has no
 * project label. A named volume of the lab's there (or a bind mount, or a tmpfs) leaves nothing. Lint runs
 * without an engine, so the paths are listed here for the images the labs use.
 */
const IMAGE_VOLUMES: Record<string, string> = {
  redis: '/data',
  postgres: '/var/lib/postgresql/data',
  'prom/prometheus': '/prometheus',
  'grafana/grafana': '/var/lib/grafana',
};

export function composeFileProblems(entry: LabEntry): LabProblem[] {
  let text: string;
  try {
    text = readFileSync(entry.composeFile, 'utf8');
  } catch {
    return []; // a missing compose.yaml is the catalogue's problem
  }
  const doc = parseDocument(text);
  const position = positionsIn(text, entry.composeFile);
  const problems: LabProblem[] = [];
  const at = (node: Node) => position(node.range?.[0] ?? 0);
  if (isMap(doc.contents)) {
    for (const pair of doc.contents.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (V1_TOP_LEVEL.has(key) || key.startsWith('x-')) continue;
      problems.push({
        labDir: entry.dir,
        where: at(pair.key as Node),
        message: `top-level "${key.slice(0, 40)}": Compose v1 (docker-compose 1.29) rejects the whole file for it`,
        hint:
          key === 'name'
            ? 'Remove it: Break/Fix names the project itself (-p breakfix-<lab id>).'
            : `Keep to ${[...V1_TOP_LEVEL].join(', ')} and x- extensions: learners run Compose v1 or v2.`,
      });
    }
  }
  const services = doc.get('services', true);
  if (!isMap(services)) return problems;
  for (const pair of services.items) {
    const name = isScalar(pair.key) ? String(pair.key.value) : '?';
    const def = isMap(pair.value) ? pair.value : undefined;
    const volume = def && unmountedImageVolume(def.toJSON());
    if (def && volume) {
      problems.push({
        labDir: entry.dir,
        where: at((def.get('image', true) as Node | undefined) ?? (pair.key as Node)),
        message: `services.${name}: its image declares a volume at ${volume} and nothing of the lab's is mounted there, so each recreated container leaves an anonymous volume that \`breakfix down\` cannot find`,
        hint: `Mount a named volume there: "- ${name}-data:${volume}" under services.${name}.volumes, and "${name}-data:" under the top-level volumes.`,
      });
    }
    const ports = def?.get('ports', true);
    if (!isSeq(ports)) continue;
    for (const item of ports.items as Node[]) {
      const hostIp = bindAddress(item.toJSON());
      if (hostIp === LOOPBACK) continue;
      const shown = isScalar(item) ? String(item.value) : 'this port';
      problems.push({
        labDir: entry.dir,
        where: at(item),
        message: `services.${name}.ports: "${shown.slice(0, 80)}" publishes on ${hostIp ?? 'every interface (0.0.0.0)'}, so other machines can reach the lab`,
        hint: `Bind it to ${LOOPBACK}, e.g. "${LOOPBACK}:HOST_PORT:CONTAINER_PORT" (long syntax: host_ip: ${LOOPBACK}).`,
      });
    }
  }
  return problems;
}

/** The path where the service's image declares a volume and the service mounts nothing (a named volume, a bind mount or a tmpfs). */
function unmountedImageVolume(def: { image?: unknown; volumes?: unknown; tmpfs?: unknown }): string | undefined {
  if (typeof def.image !== 'string') return undefined;
  const repo = def.image.replace(/@.*$/, '').replace(/:[^/:]*$/, '').replace(/^(docker\.io\/)?(library\/)?/, '');
  const path = IMAGE_VOLUMES[repo];
  if (!path) return undefined;
  const targets = [
    ...(Array.isArray(def.volumes) ? def.volumes : []).map((v) => {
      if (typeof v === 'object' && v !== null) {
        const m = v as { type?: unknown; source?: unknown; target?: unknown };
        return m.source || m.type === 'tmpfs' ? String(m.target) : undefined; // no source: anonymous
      }
      const parts = String(v).split(':');
      return parts.length >= 2 ? parts[1] : undefined; // "/data" alone is itself an anonymous volume
    }),
    ...(Array.isArray(def.tmpfs) ? def.tmpfs : typeof def.tmpfs === 'string' ? [def.tmpfs] : []).map((t) => String(t).split(':')[0]),
  ];
  return targets.some((t) => t?.replace(/\/+$/, '') === path) ? undefined : path;
}
