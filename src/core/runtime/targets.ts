// Addressing inside a lab's stack: a service's container(s), and {service, container port} → host URL.
import type { LabEntry } from '../labs/types';
import type { ServiceStatus } from './types';

/** Raised when the stack cannot serve a request: not running, or a service/port is missing. */
export class TargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetError';
  }
}

/** The containers of one service (replicas included). Throws naming the lab when there are none. */
export function serviceContainers(entry: LabEntry, statuses: ServiceStatus[], service: string): ServiceStatus[] {
  if (!statuses.length) throw new TargetError(`lab ${entry.lab.id} is not running: start it with \`breakfix up ${entry.lab.id}\`.`);
  const found = statuses.filter((s) => s.service === service);
  if (!found.length) {
    const known = [...new Set(statuses.map((s) => s.service))].join(', ');
    throw new TargetError(`lab ${entry.lab.id} has no running service "${service}" (services: ${known}). Check the service name in lab.yaml, or \`breakfix up ${entry.lab.id}\`.`);
  }
  return found;
}

/** http://127.0.0.1:<host port> for a service's container port. */
export function hostUrl(entry: LabEntry, statuses: ServiceStatus[], service: string, containerPort: number): string {
  const containers = serviceContainers(entry, statuses, service);
  for (const c of containers) {
    const p = c.ports.find((x) => x.container === containerPort);
    if (p) {
      const ip = !p.hostIp || p.hostIp === '0.0.0.0' || p.hostIp === '::' ? '127.0.0.1' : p.hostIp;
      return `http://${ip.includes(':') ? `[${ip}]` : ip}:${p.host}`;
    }
  }
  const down = containers.find((c) => c.state !== 'running');
  if (down) throw new TargetError(`service "${service}" of lab ${entry.lab.id} is ${down.state}, so port ${containerPort} cannot be reached. A fault may be active: \`breakfix heal ${entry.lab.id}\`.`);
  const published = containers.flatMap((c) => c.ports.map((p) => p.container));
  if (!published.length) {
    throw new TargetError(
      `service "${service}" of lab ${entry.lab.id} publishes no port right now: either compose.yaml does not publish ${containerPort} ("127.0.0.1:HOST:${containerPort}"), or the service is cut off its network by a fault (\`breakfix heal ${entry.lab.id}\`).`,
    );
  }
  throw new TargetError(
    `service "${service}" of lab ${entry.lab.id} does not publish container port ${containerPort}` +
      ` (published: ${published.length ? published.join(', ') : 'none'}). Publish it in compose.yaml ("127.0.0.1:HOST:${containerPort}") or fix the port in lab.yaml.`,
  );
}
