// Lint rules on a lab's compose.yaml: every published port binds 127.0.0.1, so a lab's stack (an admin
// reset endpoint, a database) is never reachable from the network the learner's machine is on; and the file
// has only the top-level keys both Compose v1 and v2 accept.
import { readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { bindAddress } from '../labs/ports';
import { positionsIn } from '../labs/textPosition';
import type { LabEntry, LabProblem } from '../labs/types';

const LOOPBACK = '127.0.0.1';
/** The top-level keys Compose v1 (file format 3.x) accepts besides x- extensions. */
const V1_TOP_LEVEL = new Set(['version', 'services', 'networks', 'volumes', 'configs', 'secrets']);

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
    const ports = isMap(pair.value) ? pair.value.get('ports', true) : undefined;
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
