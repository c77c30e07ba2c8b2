// A checker run report as runCheck writes it, for tests of what is built on reports (no Docker).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunReport } from '../../../src/core/checker/types';

export function fakeRun(ws: string, lab: string, n: number, pass: boolean): RunReport {
  const start = Date.parse('2026-11-22T07:00:00.000Z') + n * 600_000;
  const iso = (s: number) => new Date(start + s * 1000).toISOString();
  const dir = join(ws, '.breakfix', 'runs', lab);
  mkdirSync(dir, { recursive: true });
  const base = join(dir, `run-${n}`);
  const report: RunReport = {
    lab, mode: 'quick', verdict: pass ? 'pass' : 'fail', startedAt: iso(-20), finishedAt: iso(90), stackDir: join(ws, 'labs', lab), workspaceDir: ws, rebuilt: [],
    load: { service: 'load', requests: 1000, rate: 50, startedAt: iso(0), endedAt: iso(20), summary: { sent: 1000, accepted: 1000, rejected: 0, errors: 0, durationSeconds: 20, achievedRate: 49.8, latencyMs: { p50: 3, p95: 9, p99: 14, max: 40 } } },
    timeline: [{ fault: 'pause-queue', atSeconds: 5, forSeconds: 10, injectedAt: iso(5), verifiedAt: iso(5.4), revertedAt: iso(15), verify: 'container queue is paused' }],
    drain: { until: 'x == 0', drained: true, endedAt: iso(60), waitedSeconds: 40 },
    run: { start: iso(0), end: iso(60), range: '60s' },
    checks: [
      { id: 'all-up', title: 'All targets up', kind: 'promql', pass, measured: pass ? 1 : 0.75, threshold: 1, op: '==', source: 'min(up)' },
      { id: 'dupes', title: 'No duplicates', kind: 'probe', pass, measured: pass ? 0 : 1234, threshold: 0, op: '==', unit: 'count', source: 'GET /stats' },
    ],
    failed: pass ? [] : ['all-up', 'dupes'],
    durations: { build: 12, up: 20, scenario: 60, total: 110 },
    series: [{ panel: 'up', title: 'Targets up', query: 'sum(up)', unit: 'count', stepSeconds: 1, series: [{ labels: { job: 'api' }, values: Array.from({ length: 70 }, (_, i) => [start / 1000 - 10 + i, i > 15 && i < 25 ? 0 : 1] as [number, number]) }] }],
    files: { json: `${base}.json`, md: `${base}.md` },
  };
  writeFileSync(report.files!.json, JSON.stringify(report));
  writeFileSync(report.files!.md, `# run ${n}\n`);
  return report;
}
