// Reading a compose.yaml as data: its services, their environment and replicas.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export type ComposeService = {
  environment?: Record<string, unknown> | string[];
  deploy?: { replicas?: number };
  scale?: number;
  [key: string]: unknown;
};
export type ComposeDoc = { services?: Record<string, ComposeService | null> };

/** Parses a compose file; throws with the file named when it is not YAML or not a mapping. */
export function readComposeDoc(file: string): ComposeDoc {
  const doc = parse(readFileSync(file, 'utf8')) as unknown;
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new Error(`${file} is not a YAML mapping`);
  return doc as ComposeDoc;
}

export function composeServices(doc: ComposeDoc | undefined): Record<string, ComposeService> {
  const out: Record<string, ComposeService> = {};
  for (const [name, def] of Object.entries(doc?.services ?? {})) out[name] = def && typeof def === 'object' ? def : {};
  return out;
}

/** The environment of a compose service as a map (map or list form). */
export function composeEnv(def: ComposeService | undefined): Record<string, string> {
  const env = def?.environment;
  if (!env) return {};
  if (Array.isArray(env)) {
    return Object.fromEntries(env.map((kv) => [kv.split('=')[0], kv.includes('=') ? kv.slice(kv.indexOf('=') + 1) : '']));
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)]));
}

/** Replicas a service asks for: deploy.replicas, else scale, else 1. */
export function composeReplicas(def: ComposeService | undefined): number {
  return def?.deploy?.replicas ?? def?.scale ?? 1;
}
