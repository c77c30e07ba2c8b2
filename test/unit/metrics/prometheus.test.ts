import { strict as assert } from 'node:assert';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { compare, singleValue } from '../../../src/core/metrics/compare';
import { formatTime, PrometheusClient, PrometheusError } from '../../../src/core/metrics/prometheus';

describe('metrics/compare', () => {
  it('compares with every op', () => {
    assert.equal(compare(1, '<', 2), true);
    assert.equal(compare(2, '<', 2), false);
    assert.equal(compare(2, '<=', 2), true);
    assert.equal(compare(2, '==', 2), true);
    assert.equal(compare(2, '!=', 2), false);
    assert.equal(compare(3, '>=', 2), true);
    assert.equal(compare(2, '>', 2), false);
    assert.equal(compare(0.1 + 0.2, '<=', 0.3), false, 'no hidden epsilon');
  });
  it('no data (null, NaN) never passes, not even with !=', () => {
    assert.equal(compare(null, '<', 1), false);
    assert.equal(compare(NaN, '!=', 1), false);
  });
  it('compares strings exactly (env constraints)', () => {
    assert.equal(compare('4', '==', '4'), true);
    assert.equal(compare('8', '==', '4'), false);
    assert.equal(compare('4', '!=', '4'), false);
  });
  it('singleValue: one series, none, NaN, several', () => {
    assert.deepEqual(singleValue([{ labels: {}, value: 3 }]), { value: 3 });
    assert.equal(singleValue([]).value, null);
    assert.match(singleValue([]).note!, /no data/);
    assert.match(singleValue([{ labels: {}, value: NaN }]).note!, /NaN/);
    const many = singleValue([{ labels: { a: '1' }, value: 1 }, { labels: { a: '2' }, value: 2 }]);
    assert.equal(many.value, null);
    assert.match(many.note!, /2 series.*aggregate/);
  });
});

describe('metrics/PrometheusClient', () => {
  let server: Server;
  let base: string;
  let last: { path: string; body: URLSearchParams } | undefined;
  let answer: (path: string) => { status: number; body: unknown } = () => ({ status: 200, body: {} });
  before(async () => {
    server = createServer((req, res) => {
      let data = '';
      req.on('data', (c) => (data += c));
      req.on('end', () => {
        last = { path: req.url!, body: new URLSearchParams(data) };
        const a = answer(req.url!);
        res.writeHead(a.status, { 'content-type': 'application/json' });
        res.end(typeof a.body === 'string' ? a.body : JSON.stringify(a.body));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  it('query sends the expression and time, and parses a vector', async () => {
    answer = () => ({ status: 200, body: { status: 'success', data: { resultType: 'vector', result: [{ metric: { job: 'api' }, value: [1, '0.25'] }] } } });
    const r = await new PrometheusClient(base).query('sum(up)', 1795315068.5);
    assert.deepEqual(r, [{ labels: { job: 'api' }, value: 0.25 }]);
    assert.equal(last!.path, '/api/v1/query');
    assert.equal(last!.body.get('query'), 'sum(up)');
    assert.equal(last!.body.get('time'), '1795315068.500');
  });

  it('query turns a scalar into one sample and NaN into NaN', async () => {
    answer = () => ({ status: 200, body: { status: 'success', data: { resultType: 'scalar', result: [1, 'NaN'] } } });
    const [s] = await new PrometheusClient(base).query('scalar(x)');
    assert.ok(Number.isNaN(s.value));
  });

  it('queryRange parses a matrix', async () => {
    answer = () => ({ status: 200, body: { status: 'success', data: { resultType: 'matrix', result: [{ metric: {}, values: [[10, '1'], [11, '2']] }] } } });
    const r = await new PrometheusClient(base).queryRange('up', 10, 11, 1);
    assert.deepEqual(r[0].values, [[10, 1], [11, 2]]);
    assert.equal(last!.body.get('step'), '1');
  });

  it('targets() asks for the active targets with a GET and parses job, health and last scrape (never: 0)', async () => {
    answer = () => ({
      status: 200,
      body: {
        status: 'success',
        data: {
          activeTargets: [
            { scrapePool: 'api', labels: { job: 'api', instance: 'api:8080' }, health: 'up', lastScrape: '2026-12-04T19:00:00.250Z', lastError: '' },
            { scrapePool: 'worker', labels: { job: 'worker', instance: 'worker:8082' }, health: 'unknown', lastScrape: '0001-01-01T00:00:00Z', lastError: '' },
          ],
          droppedTargets: [],
        },
      },
    });
    const t = await new PrometheusClient(base).targets();
    assert.equal(last!.path, '/api/v1/targets?state=active');
    assert.deepEqual(t, [
      { job: 'api', instance: 'api:8080', health: 'up', lastScrapeMs: Date.parse('2026-12-04T19:00:00.250Z'), lastError: '' },
      { job: 'worker', instance: 'worker:8082', health: 'unknown', lastScrapeMs: 0, lastError: '' },
    ]);
  });

  it('an error names the query and what Prometheus said', async () => {
    answer = () => ({ status: 400, body: { status: 'error', errorType: 'bad_data', error: 'parse error at char 5' } });
    await assert.rejects(new PrometheusClient(base).query('sum(('), (e: Error) => e instanceof PrometheusError && /"sum\(\("/.test(e.message) && /bad_data: parse error/.test(e.message));
  });

  it('an unreachable server says where and what to do', async () => {
    await assert.rejects(new PrometheusClient(await closedPort()).query('up'), /query "up" failed: ECONNREFUSED \(http:\/\/127.0.0.1:\d+\).*breakfix status/);
  });

  it('ready() is false rather than throwing when nothing answers', async () => {
    assert.equal(await new PrometheusClient(await closedPort()).ready(), false);
    answer = () => ({ status: 200, body: 'ok' });
    assert.equal(await new PrometheusClient(base).ready(), true);
  });

  it('formatTime gives unix seconds with milliseconds', () => {
    assert.equal(formatTime(new Date(1_000_500)), '1000.500');
  });
});

/** A URL on which nothing listens. */
async function closedPort(): Promise<string> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return `http://127.0.0.1:${port}`;
}
