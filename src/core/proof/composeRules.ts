// Lint rules on a lab's compose.yaml: every published port binds 127.0.0.1, so a lab's stack (an admin
// reset endpoint, a database) is never reachable from the network the learner's machine is on.
import { readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { bindAddress } from '../labs/ports';
import { positionsIn } from '../labs/textPosition';
import type { LabEntry, LabProblem } from '../labs/types';

const LOOPBACK = '127.0.0.1';

export function publishedPortProblems(entry: LabEntry): LabProblem[] {
  let text: string;
  try {
    text = readFileSync(entry.composeFile, 'utf8');
  } catch {
    return []; // a missing compose.yaml is the catalogue's problem
  }
  const doc = parseDocument(text);
  const position = positionsIn(text, entry.composeFile);
  const services = doc.get('services', true);
  if (!isMap(services)) return [];
  const problems: LabProblem[] = [];
  const at = (node: Node) => position(node.range?.[0] ?? 0);
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
