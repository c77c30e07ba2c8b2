// Lint of `kind: scaling` checks (called by proof/rules.ts): what the schema cannot say about scaling a
// service with Compose: it exists, it can have several containers (no fixed host port, no container_name),
// Prometheus sees every replica, its replica count is locked by a constraint, the plan is runnable.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Check, LabEntry, ScalingCheck } from '../labs/types';
import { planScaling, ScalingPlanError } from './plan';

export interface ScalingProblem {
  path: (string | number)[];
  message: string;
  hint: string;
}

/** The lab's scaling checks with their index in `checks`. */
export function scalingChecks(checks: readonly Check[]): { check: ScalingCheck; index: number }[] {
  return checks.flatMap((c, index) => (c.kind === 'scaling' ? [{ check: c, index }] : []));
}

type ComposeService = { ports?: unknown[]; container_name?: unknown; deploy?: { replicas?: unknown }; scale?: unknown } | null;

/** Host ports a service binds to a fixed number ("127.0.0.1:38082:8082", "38082:8082", {published: 38082}). */
export function fixedHostPorts(ports: unknown[] | undefined): string[] {
  return (ports ?? []).flatMap((p) => {
    if (p && typeof p === 'object') {
      const published = (p as { published?: unknown }).published;
      return published === undefined || published === null || published === '' ? [] : [String(published)];
    }
    const parts = String(p).split('/')[0].split(':');
    // "8082" → container only; "38082:8082"; "127.0.0.1:38082:8082"; "127.0.0.1::8082" → an ephemeral host port.
    const host = parts.length === 2 ? parts[0] : parts.length === 3 ? parts[1] : '';
    return host ? [String(p)] : [];
  });
}

/** Prometheus jobs that scrape `service` through static targets ("consumer:8082"): they see one replica. */
export function staticScrapeJobs(prometheusText: string, service: string): string[] {
  let doc: { scrape_configs?: { job_name?: string; static_configs?: { targets?: unknown[] }[] }[] } | null;
  try {
    doc = parse(prometheusText);
  } catch {
    return [];
  }
  return (doc?.scrape_configs ?? [])
    .filter((job) => (job.static_configs ?? []).some((sc) => (sc.targets ?? []).some((t) => String(t).split(':')[0] === service)))
    .map((job) => String(job.job_name ?? '?'));
}

export function scalingProblems(entry: LabEntry): ScalingProblem[] {
  const found = scalingChecks(entry.lab.checks);
  if (!found.length) return [];
  const problems: ScalingProblem[] = [];
  const composeText = readOr(entry.composeFile);
  const services = (composeText === undefined ? undefined : (parse(composeText) as { services?: Record<string, ComposeService> } | null)?.services) ?? undefined;
  const promFile = join(entry.dir, 'prometheus.yml');
  const promText = readOr(promFile);
  for (const { check, index } of found) {
    const at = (...rest: (string | number)[]) => ['checks', index, ...rest];
    const svc = services?.[check.service];
    if (services && svc === undefined) {
      problems.push({ path: at('service'), message: `service "${check.service}" is not in compose.yaml`, hint: `Services: ${Object.keys(services).join(', ')}.` });
      continue;
    }
    const fixed = fixedHostPorts(svc?.ports);
    if (fixed.length) {
      problems.push({ path: at('service'), message: `service "${check.service}" publishes a fixed host port (${fixed.join(', ')}), so a second replica cannot start ("port is already allocated")`, hint: 'Publish it as "127.0.0.1::PORT" (a free host port per replica) or not at all; scrape it from Prometheus inside the network.' });
    }
    if (svc?.container_name !== undefined) {
      problems.push({ path: at('service'), message: `service "${check.service}" has a container_name, so Compose cannot scale it`, hint: 'Remove container_name: Compose names each replica itself.' });
    }
    const jobs = promText === undefined ? [] : staticScrapeJobs(promText, check.service);
    if (jobs.length) {
      problems.push({ path: at('service'), message: `prometheus.yml scrapes "${check.service}" through static targets (job ${jobs.join(', ')}), which reach one replica only`, hint: `Scrape every replica: dns_sd_configs: [{names: [${check.service}], type: A, port: <port>, refresh_interval: 1s}].` });
    }
    if (!entry.lab.constraints.some((c) => c.service === check.service && 'replicas' in c)) {
      problems.push({ path: at('service'), message: `no constraint locks the replicas of "${check.service}"`, hint: `Add constraints: - { service: ${check.service}, replicas: <the lab's count> }: more replicas is never the fix; the scaling check scales both sides itself.` });
    }
    try {
      planScaling(entry, check, composeText ?? '');
    } catch (err) {
      if (!(err instanceof ScalingPlanError)) throw err;
      problems.push({ path: at(), message: err.message, hint: 'See docs/scaling.md for a scaling check that runs.' });
    }
  }
  return problems;
}

function readOr(file: string): string | undefined {
  try {
    return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}
