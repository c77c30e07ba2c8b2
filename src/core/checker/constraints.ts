// Constraints: replicas and env values of the running project must equal the bundled compose.yaml.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { Constraint, LabEntry } from '../labs/types';
import type { DockerClient } from '../runtime/dockerClient';
import type { ServiceStatus } from '../runtime/types';
import type { CheckResult } from './types';

type ComposeService = { environment?: Record<string, unknown> | string[]; deploy?: { replicas?: number }; scale?: number };

export function constraintId(c: Constraint): string {
  return 'replicas' in c ? `constraint-${c.service}-replicas` : `constraint-${c.service}-env-${c.env}`;
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

export async function evaluateConstraints(entry: LabEntry, statuses: ServiceStatus[], docker: DockerClient, signal?: AbortSignal): Promise<CheckResult[]> {
  const bundled = parse(readFileSync(entry.composeFile, 'utf8')) as { services?: Record<string, ComposeService> };
  const results: CheckResult[] = [];
  for (const c of entry.lab.constraints) {
    const def = bundled.services?.[c.service];
    const containers = statuses.filter((s) => s.service === c.service);
    if ('replicas' in c) {
      const threshold = def?.deploy?.replicas ?? def?.scale ?? c.replicas;
      const measured = containers.filter((s) => s.state === 'running' || s.state === 'paused').length;
      results.push({
        id: constraintId(c),
        title: `${c.service} runs ${threshold} replica(s), as in the lab's compose.yaml`,
        kind: 'constraint',
        pass: measured === threshold,
        measured,
        threshold,
        op: '==',
        unit: 'count',
        source: `docker ps --filter label=com.docker.compose.service=${c.service} (threshold: compose.yaml services.${c.service}.deploy.replicas)`,
      });
    } else {
      const threshold = composeEnv(def)[c.env] ?? '(unset)';
      const values = await Promise.all(
        containers.map(async (s) => {
          const env = (await docker.inspect(s.containerId, { signal })).Config.Env ?? [];
          const kv = env.find((e) => e.startsWith(`${c.env}=`));
          return kv === undefined ? null : kv.slice(c.env.length + 1);
        }),
      );
      const distinct = [...new Set(values)];
      const measured = distinct.length === 1 ? distinct[0] : distinct.length === 0 ? null : distinct.join(' | ');
      results.push({
        id: constraintId(c),
        title: `${c.service} keeps ${c.env} as in the lab's compose.yaml`,
        kind: 'constraint',
        pass: (measured ?? '(unset)') === threshold && containers.length > 0,
        measured,
        threshold,
        op: '==',
        source: `docker inspect ${c.service} → Config.Env ${c.env} (threshold: compose.yaml services.${c.service}.environment.${c.env})`,
        ...(containers.length === 0 ? { note: `service ${c.service} has no container` } : {}),
      });
    }
  }
  return results;
}
