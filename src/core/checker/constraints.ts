// Constraints: "more workers" or "bigger limits" is never the fix. Replicas and env values must equal the
// lab's compose.yaml on the containers that ran AND in the learner's compose.yaml, and the learner's
// compose.yaml adds no service (a check runs only the lab's, so an added one would otherwise pass unseen).
import type { Constraint, LabEntry } from '../labs/types';
import type { DockerClient } from '../runtime/dockerClient';
import type { ServiceStatus } from '../runtime/types';
import { type ComposeDoc, composeEnv, composeReplicas, composeServices, readComposeDoc } from './composeDoc';
import type { CheckResult } from './types';

export const SERVICES_CONSTRAINT_ID = 'constraint-services';

export function constraintId(c: Constraint): string {
  return 'replicas' in c ? `constraint-${c.service}-replicas` : `constraint-${c.service}-env-${c.env}`;
}

/**
 * `learner` is the learner's compose.yaml (undefined when the lab is not started or it does not parse): a
 * value there that differs from the lab's fails the constraint even though the check ran the lab's value.
 */
export async function evaluateConstraints(
  entry: LabEntry,
  statuses: ServiceStatus[],
  docker: DockerClient,
  signal?: AbortSignal,
  learner?: ComposeDoc,
): Promise<CheckResult[]> {
  const bundled = composeServices(readComposeDoc(entry.composeFile));
  const mine = learner ? composeServices(learner) : undefined;
  const results: CheckResult[] = [];
  for (const c of entry.lab.constraints) {
    const def = bundled[c.service];
    const containers = statuses.filter((s) => s.service === c.service);
    if ('replicas' in c) {
      const threshold = def ? composeReplicas(def) : c.replicas;
      const ran = containers.filter((s) => s.state === 'running' || s.state === 'paused').length;
      const asked = mine?.[c.service] ? composeReplicas(mine[c.service]) : threshold;
      const measured = asked !== threshold ? asked : ran;
      results.push({
        id: constraintId(c),
        title: `${c.service} runs ${threshold} replica(s), as in the lab's compose.yaml`,
        kind: 'constraint',
        pass: measured === threshold,
        measured,
        threshold,
        op: '==',
        unit: 'count',
        source: `docker ps --filter label=com.docker.compose.service=${c.service}, and your compose.yaml (threshold: the lab's compose.yaml services.${c.service}.deploy.replicas)`,
        ...(asked !== threshold ? { note: `your compose.yaml asks for ${asked}; the check ran ${ran}` } : {}),
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
      const ran = distinct.length === 1 ? distinct[0] : distinct.length === 0 ? null : distinct.join(' | ');
      const asked = mine?.[c.service] ? (composeEnv(mine[c.service])[c.env] ?? '(unset)') : threshold;
      const measured = asked !== threshold ? asked : ran;
      const note = containers.length === 0 ? `service ${c.service} has no container` : asked !== threshold ? `your compose.yaml sets ${asked}; the check ran ${ran ?? '(unset)'}` : undefined;
      results.push({
        id: constraintId(c),
        title: `${c.service} keeps ${c.env} as in the lab's compose.yaml`,
        kind: 'constraint',
        pass: (measured ?? '(unset)') === threshold && containers.length > 0,
        measured,
        threshold,
        op: '==',
        source: `docker inspect ${c.service} → Config.Env ${c.env}, and your compose.yaml (threshold: the lab's compose.yaml services.${c.service}.environment.${c.env})`,
        ...(note ? { note } : {}),
      });
    }
  }
  const added = mine ? Object.keys(mine).filter((s) => !(s in bundled)) : [];
  results.push({
    id: SERVICES_CONSTRAINT_ID,
    title: "The stack keeps the lab's services: none added",
    kind: 'constraint',
    pass: added.length === 0,
    measured: added.length,
    threshold: 0,
    op: '==',
    unit: 'count',
    source: "services of your compose.yaml that the lab's compose.yaml does not have",
    ...(added.length ? { note: `added: ${added.join(', ')}` } : {}),
  });
  return results;
}
