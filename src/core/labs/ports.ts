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
  const doc = parse(await readFile(composeFile, 'utf8')) as { services?: Record<string, { ports?: unknown[] }> };
  const out: PublishedPort[] = [];
  for (const [service, def] of Object.entries(doc?.services ?? {})) {
    for (const p of def?.ports ?? []) {
      const port = parsePort(p);
      if (port) out.push({ service, ...port });
    }
  }
  return out;
}

/** "127.0.0.1:18080:8080", "8080:8080", or the long form {published, target, host_ip}. */
function parsePort(p: unknown): Omit<PublishedPort, 'service'> | undefined {
  if (typeof p === 'object' && p !== null) {
    const o = p as { published?: number | string; target?: number; host_ip?: string };
    if (o.published === undefined || o.target === undefined) return undefined;
    return { hostIp: o.host_ip ?? '0.0.0.0', host: Number(o.published), container: Number(o.target) };
  }
  const parts = String(p).split('/')[0].split(':');
  if (parts.length === 3) return { hostIp: parts[0], host: Number(parts[1]), container: Number(parts[2]) };
  if (parts.length === 2) return { hostIp: '0.0.0.0', host: Number(parts[0]), container: Number(parts[1]) };
  return undefined;
}
