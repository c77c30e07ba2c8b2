import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { needsBuild } from '../../../src/core/checker/build';
import { digestDir } from '../../../src/core/labs/digest';
import { evaluateCheck, EvalContext } from '../../../src/core/checker/evaluate';
import { checkSummary } from '../../../src/core/checker/load';
import { checkLine, resultLines, reportStamp, writeReport } from '../../../src/core/checker/report';
import { evaluateScaling } from '../../../src/core/scaling/evaluate';
import { CHECK as SCALING_CHECK, side } from '../scaling/helpers';
import type { RunReport } from '../../../src/core/checker/types';
import { costBlock } from '../../../src/core/cost/model';
import type { LabEntry } from '../../../src/core/labs/types';
import { PrometheusClient } from '../../../src/core/metrics/prometheus';

const entry = { lab: { id: 'demo' }, dir: '/labs/demo', composeFile: '/labs/demo/compose.yaml', readme: '' } as unknown as LabEntry;

function sampleReport(workspaceDir: string): RunReport {
  return {
    lab: 'demo',
    mode: 'quick',
    verdict: 'fail',
    startedAt: '2026-11-22T10:15:30.123Z',
    finishedAt: '2026-11-22T10:17:00.000Z',
    stackDir: '/ws/labs/demo',
    workspaceDir,
    rebuilt: ['worker'],
    load: { service: 'load', requests: 100, rate: 10, summary: { sent: 100, accepted: 99, rejected: 1, errors: 0, durationSeconds: 10, achievedRate: 10, latencyMs: { p50: 1, p95: 2, p99: 3, max: 4 } } },
    timeline: [{ fault: 'outage', atSeconds: 2, forSeconds: 3, injectedAt: '2026-11-22T10:15:40.000Z', verifiedAt: '2026-11-22T10:15:40.100Z', revertedAt: '2026-11-22T10:15:43.000Z', verify: 'outage = true' }],
    drain: { until: 'q == 0', drained: true, endedAt: '2026-11-22T10:16:00.000Z', waitedSeconds: 5 },
    run: { start: '2026-11-22T10:15:38.000Z', end: '2026-11-22T10:16:00.000Z', range: '22s' },
    checks: [
      { id: 'p95', title: 'p95 | latency', kind: 'promql', pass: true, measured: 0.0123, threshold: 0.15, op: '<', unit: 'seconds', source: 'histogram_quantile(…[22s]) @ 1.000' },
      { id: 'dups', title: 'No duplicates', kind: 'probe', pass: false, measured: 6, threshold: 0, op: '==', unit: 'count', source: 'GET http://127.0.0.1:1/admin/stats → duplicates' },
      { id: 'gone', title: 'No data', kind: 'promql', pass: false, measured: null, threshold: 1, op: '<', source: 'x', note: 'no data (the query returned no series)' },
    ],
    failed: ['dups', 'gone'],
    durations: { build: 1, scenario: 20, total: 90 },
  };
}

describe('checker/report', () => {
  let ws: string;
  beforeEach(() => (ws = mkdtempSync(join(tmpdir(), 'bf-report-'))));
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  it('writes .breakfix/runs/<lab>/<timestamp>.json and .md', async () => {
    const files = await writeReport(sampleReport(ws));
    assert.equal(files.json, join(ws, '.breakfix', 'runs', 'demo', '2026-11-22T10-15-30-123Z.json'));
    assert.ok(existsSync(files.md));
    const json = JSON.parse(readFileSync(files.json, 'utf8')) as RunReport;
    assert.equal(json.verdict, 'fail');
    assert.deepEqual(json.files, files);
    const md = readFileSync(files.md, 'utf8');
    assert.match(md, /^# Check of demo: FAIL \(dups, gone\)/);
    assert.match(md, /\| ✘ \| \*\*dups\*\*: No duplicates \| 6 \| `==` \| 0 \| `GET http:\/\/127.0.0.1:1\/admin\/stats → duplicates` \|/);
    assert.match(md, /p95 \\\| latency/, 'pipes in cells are escaped');
    assert.match(md, /\| outage \| at 2s for 3s \| 2026-11-22T10:15:40.000Z \|/);
    assert.match(md, /Achieved 10 req\/s/);
    assert.match(md, /- scenario: 20/);
    assert.doesNotMatch(md, /## Cost/, 'no cost model, no cost section');
  });

  it("a run with a cost block prices it in the Markdown report, line by line, per 1,000 events", async () => {
    const spec = { currency: 'USD', events: { title: 'notifications accepted', query: 'x' }, items: [{ id: 'calls', title: 'Provider calls', price: 0.0009, unit: 'call', source: 'a typical email API', query: 'y' }] };
    const files = await writeReport({ ...sampleReport(ws), cost: costBlock(spec, { calls: 2_000 }, 1_000) });
    const md = readFileSync(files.md, 'utf8');
    assert.match(md, /## Cost\n\nWhat the run cost at the lab's prices/);
    assert.match(md, /- Provider calls: 2,000 calls × \$0\.0009 = \$1\.80\n- Total: \$1\.80 for 1,000 notifications accepted: \*\*\$1\.80 per 1,000\*\*/);
    assert.equal((JSON.parse(readFileSync(files.json, 'utf8')) as RunReport).cost?.perThousand, 1.8);
  });

  it('checkLine prints ✔/✘ id: measured op threshold unit', () => {
    const [p95, dups, gone] = sampleReport(ws).checks;
    assert.equal(checkLine(p95), '✔ p95: 0.0123 seconds < 0.15 seconds');
    assert.equal(checkLine(dups), '✘ dups: 6 == 0');
    assert.equal(checkLine(gone), '✘ gone: no data < 1 (no data (the query returned no series))');
  });

  it('a scale proof prints both throughputs and the ratio: as lines for the CLI, in its own section of the Markdown report', async () => {
    const scaling = evaluateScaling(SCALING_CHECK, side(1, 600, 30), side(3, 600, 10));
    const [p95] = sampleReport(ws).checks;
    assert.deepEqual(resultLines(p95), [checkLine(p95)], 'any other check: its checkLine');
    assert.deepEqual(resultLines(scaling), [
      '✔ scales-out: Three consumers book orders at least twice as fast as one',
      '  1 replica: 20/s over 30 s (600 processed)',
      '  3 replicas: 60/s over 10 s (600 processed)',
      '  ratio 3 (must be >= 2)',
    ]);
    const md = readFileSync((await writeReport({ ...sampleReport(ws), checks: [...sampleReport(ws).checks, scaling] })).md, 'utf8');
    assert.match(md, /\| ✔ \| \*\*scales-out\*\*: Three consumers book orders at least twice as fast as one \| 3 ratio \| `>=` \| 2 ratio \| `throughput at 3 replicas of consumer ÷ at 1: /);
    assert.match(md, /## Scale proofs\n\nEach ran the same load at two replica counts[^\n]*\n\n```text\n✔ scales-out: [^\n]*\n {2}1 replica: 20\/s over 30 s \(600 processed\)\n {2}3 replicas: 60\/s over 10 s \(600 processed\)\n {2}ratio 3 \(must be >= 2\)\n```\n\n## Timeline/);
    assert.doesNotMatch(readFileSync((await writeReport(sampleReport(ws))).md, 'utf8'), /## Scale proofs/, 'no scale proof, no section');
  });

  it('report names are safe on every file system', () => {
    assert.equal(reportStamp('2026-11-22T10:15:30.123Z'), '2026-11-22T10-15-30-123Z');
  });
});

describe('checker/load', () => {
  it('a finished run\'s summary is checked against the contract', () => {
    const s = checkSummary({ sent: 10, accepted: 9, rejected: 1, errors: 0, durationSeconds: 1, achievedRate: 10, latencyMs: { p50: 1, p95: 2, p99: 3, max: 4 } });
    assert.equal(s.accepted, 9);
  });
  it('no summary: says so, naming the service', () => {
    assert.throws(() => checkSummary(null, 'load'), /load service "load": a finished run has no summary/);
  });
  it('a summary missing fields is named', () => {
    assert.throws(() => checkSummary({ sent: 1 }), /lacks accepted, achievedRate/);
  });
});

describe('checker/build', () => {
  it('digestDir (a build context) changes with content and ignores node_modules and dot folders', async () => {
    const d = mkdtempSync(join(tmpdir(), 'bf-hash-'));
    mkdirSync(join(d, 'src'));
    writeFileSync(join(d, 'src', 'a.js'), '1');
    const h1 = digestDir(d);
    mkdirSync(join(d, 'node_modules'));
    writeFileSync(join(d, 'node_modules', 'x.js'), 'x');
    assert.equal(digestDir(d), h1);
    mkdirSync(join(d, '.cache'));
    writeFileSync(join(d, '.cache', 'y'), 'y');
    assert.equal(digestDir(d), h1);
    writeFileSync(join(d, 'src', 'a.js'), '2');
    assert.notEqual(digestDir(d), h1);
    rmSync(d, { recursive: true, force: true });
  });
  it('needsBuild: first run, changed content, or an image replaced by another workspace', () => {
    const stored = { worker: { hash: 'h', imageId: 'i' } };
    assert.equal(needsBuild('api', 'h', stored, 'i'), true);
    assert.equal(needsBuild('worker', 'h2', stored, 'i'), true);
    assert.equal(needsBuild('worker', 'h', stored, 'other'), true);
    assert.equal(needsBuild('worker', 'h', stored, undefined), true);
    assert.equal(needsBuild('worker', 'h', stored, 'i'), false);
  });
});

describe('checker/evaluate', () => {
  let server: Server;
  let port: number;
  const queries: URLSearchParams[] = [];
  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        if (req.url === '/admin/stats') return res.end(JSON.stringify({ duplicates: 2, stats: { lost: 0 }, name: 'x' }));
        queries.push(new URLSearchParams(body));
        res.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [0, '0.04'] }] } }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  after(() => server.close());

  const ctx = (waits: number[]): EvalContext => ({
    entry,
    statuses: [{ service: 'provider', containerId: 'p', state: 'running', health: 'healthy', ports: [{ container: 8081, host: port, hostIp: '127.0.0.1' }] }],
    prometheus: new PrometheusClient(`http://127.0.0.1:${port}`),
    run: { startMs: 1_000_000, endMs: 1_060_000 },
    periods: [{ fault: 'outage', startMs: 1_010_000, endMs: 1_040_000 }],
    waitUntil: async (ms) => void waits.push(ms),
  });

  it('promql: substituted query at window end + offset, after waiting for that time', async () => {
    const waits: number[] = [];
    const r = await evaluateCheck({ id: 'calls', title: 'c', kind: 'promql', query: 'sum(rate(x[$__window]))', window: { fault: 'outage' }, offset: '5s', op: '<=', threshold: 5, unit: 'reqps' }, ctx(waits));
    assert.equal(r.pass, true);
    assert.equal(r.measured, 0.04);
    assert.equal(queries.at(-1)!.get('query'), 'sum(rate(x[30s]))');
    assert.equal(queries.at(-1)!.get('time'), '1045.000');
    assert.match(r.source, /^sum\(rate\(x\[30s\]\)\) @ 1045.000 \(1970-01-01T00:17:25.000Z\)$/);
    assert.equal(waits[0], 1_045_000 + 2_000, 'waits a scrape interval past T');
  });

  it('probe: GET → dot path, compared; a non-number fails with a note', async () => {
    const probe = { service: 'provider', port: 8081, path: '/admin/stats' };
    const dup = await evaluateCheck({ id: 'd', title: 'd', kind: 'probe', probe, path: 'duplicates', op: '==', threshold: 0 }, ctx([]));
    assert.deepEqual([dup.pass, dup.measured, dup.source], [false, 2, `GET http://127.0.0.1:${port}/admin/stats → duplicates`]);
    const lost = await evaluateCheck({ id: 'l', title: 'l', kind: 'probe', probe, path: 'stats.lost', op: '==', threshold: 0 }, ctx([]));
    assert.deepEqual([lost.pass, lost.measured], [true, 0]);
    const bad = await evaluateCheck({ id: 'n', title: 'n', kind: 'probe', probe, path: 'name', op: '==', threshold: 0 }, ctx([]));
    assert.deepEqual([bad.pass, bad.measured, bad.note], [false, null, 'name is "x", not a number']);
    const missing = await evaluateCheck({ id: 'm', title: 'm', kind: 'probe', probe, path: 'a.b', op: '==', threshold: 0 }, ctx([]));
    assert.equal(missing.note, 'a.b is missing from the answer');
  });

  it('a probe on a service that publishes no such port fails with the reason, not a crash', async () => {
    const r = await evaluateCheck({ id: 'x', title: 'x', kind: 'probe', probe: { service: 'provider', port: 9999, path: '/' }, path: 'a', op: '==', threshold: 0 }, ctx([]));
    assert.equal(r.pass, false);
    assert.match(r.note!, /does not publish container port 9999/);
  });
});
