// Host ports a lab's compose.yaml publishes, read from the file (doctor checks them before `up`).
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';

export interface PublishedPort {
  service: string;
  hostIp: string;
  host: number;
  container: number;
}

export async function publishedPorts(composeFile: string): Promise<PublishedPort[]> {
  return publishedPortsOf(parse(await readFile(composeFile, 'utf8')));
}

/** The ports a parsed compose document publishes; `only` keeps the services it accepts. */
export function publishedPortsOf(doc: unknown, only: (service: string, def: Record<string, unknown>) => boolean = () => true): PublishedPort[] {
  const services = (doc as { services?: Record<string, Record<string, unknown> | null> } | null)?.services ?? {};
  const out: PublishedPort[] = [];
  for (const [service, def] of Object.entries(services)) {
    if (!def || !only(service, def) || !Array.isArray(def.ports)) continue;
    for (const p of def.ports) {
      const port = parsePort(p);
      if (port) out.push({ service, ...port });
    }
  }
  return out;
}

/** "127.0.0.1:18080:8080", "8080:8080", or the long form {published, target, host_ip}. */
function parsePort(p: unknown): Omit<PublishedPort, 'service'> | undefined {
  const hostIp = bindAddress(p) ?? '0.0.0.0';
  if (typeof p === 'object' && p !== null) {
    const o = p as { published?: number | string; target?: number };
    if (o.published === undefined || o.target === undefined) return undefined;
    return { hostIp, host: Number(o.published), container: Number(o.target) };
  }
  const parts = String(p).split('/')[0].split(':');
  if (parts.length === 3) return { hostIp, host: Number(parts[1]), container: Number(parts[2]) };
  if (parts.length === 2) return { hostIp, host: Number(parts[0]), container: Number(parts[1]) };
  return undefined;
}

/**
 * The host address a compose port entry binds ([HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTO], an IPv6 host
 * in brackets, or the long form's host_ip), or undefined when it names none: every interface.
 */
export function bindAddress(p: unknown): string | undefined {
  if (typeof p === 'object' && p !== null) {
    const ip = (p as { host_ip?: unknown }).host_ip;
    return ip === undefined || ip === null ? undefined : String(ip);
  }
  const spec = String(p);
  const v6 = spec.match(/^\[([^\]]+)\]:/);
  if (v6) return v6[1];
  const parts = spec.split('/')[0].split(':');
  return parts.length === 3 ? parts[0] : undefined;
}
