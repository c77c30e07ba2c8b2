// The load generator: a one-shot Compose service (`compose run --rm`) that prints one JSON summary line last.
import { join } from 'node:path';
import type { LabEntry } from '../labs/types';
import { runCompose } from '../runtime/compose';
import { composeProjectArgs, projectName } from '../runtime/stack';
import type { ComposeCli, Logger } from '../runtime/types';
import { builtServices } from './build';
import type { LoadSummary } from './types';

/** The Compose profiles that enable the scenario's load service in the stack at `stackDir` (default `load`). */
export function loadProfiles(entry: LabEntry, stackDir: string, compose: Pick<ComposeCli, 'kind'>): string[] {
  const service = entry.lab.scenario?.load.service;
  return builtServices(join(stackDir, 'compose.yaml'), stackDir, projectName(entry.lab.id), compose).find((s) => s.service === service)?.profiles ?? ['load'];
}

export interface LoadOptions {
  compose: ComposeCli;
  dir: string;
  service: string;
  profiles: string[];
  requests: number;
  rate: number;
  /** Passed as TARGET_URL when set; otherwise the service's own compose environment applies. */
  targetUrl?: string;
  /** Container name, so a cancelled run can be killed. */
  containerName: string;
  env?: NodeJS.ProcessEnv;
  log?: Logger;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Called once, at the load service's first line of output: the container is up and sending. */
  onStarted?: () => void;
}

export function loadArgs(entry: LabEntry, o: Omit<LoadOptions, 'compose'>): string[] {
  return [
    ...composeProjectArgs(entry, { dir: o.dir, env: o.env }),
    ...o.profiles.flatMap((p) => ['--profile', p]),
    'run',
    '--rm',
    '-T',
    '--no-deps',
    '--name',
    o.containerName,
    '-e',
    `REQUESTS=${o.requests}`,
    '-e',
    `RATE=${o.rate}`,
    ...(o.targetUrl ? ['-e', `TARGET_URL=${o.targetUrl}`] : []),
    o.service,
  ];
}

/** Runs the load to completion and returns its summary. */
export async function runLoad(entry: LabEntry, o: LoadOptions): Promise<LoadSummary> {
  const stdout: string[] = [];
  const args = loadArgs(entry, o);
  o.log?.(`$ ${[...o.compose.argv, ...args].join(' ')}`);
  const r = await runCompose(o.compose, args, {
    cwd: o.dir,
    env: o.env,
    signal: o.signal,
    timeoutMs: o.timeoutMs,
    log: o.log,
    onStdoutLine: (line) => {
      if (stdout.length === 0) o.onStarted?.();
      stdout.push(line);
      o.log?.(line);
    },
    what: `load service "${o.service}"`,
  });
  return parseLoadSummary(stdout.length ? stdout : r.stdout, o.service);
}

/** The last stdout line that is a JSON object, checked against the contract's fields. */
export function parseLoadSummary(lines: string[], service = 'load'): LoadSummary {
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i].trim();
    if (!line.startsWith('{')) continue;
    let v: Record<string, unknown>;
    try {
      v = JSON.parse(line) as Record<string, unknown>;
    } catch {
      continue;
    }
    const missing = ['sent', 'accepted', 'achievedRate'].filter((k) => typeof v[k] !== 'number');
    if (missing.length) throw new Error(`load service "${service}": its summary line lacks ${missing.join(', ')}: ${line.slice(0, 200)}`);
    return v as unknown as LoadSummary;
  }
  const tail = lines.slice(-5).map((l) => '  ' + l).join('\n');
  throw new Error(`load service "${service}" printed no JSON summary as its last line (checker-contract.md, Scenario 2). Last output:\n${tail || '  (nothing)'}`);
}
