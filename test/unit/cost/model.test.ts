// The cost model's arithmetic (issue 19): a run's cost from its measured quantities, per 1,000 events, the
// lines as text, before against after, and the live cost-rate PromQL.
import assert from 'node:assert/strict';
import { measureCost } from '../../../src/core/cost/measure';
import { CancelledError } from '../../../src/core/runtime/types';
import { COST_PANEL_ID, costBlock, costComparison, costLines, costRateQuery, dashboardPanels, money } from '../../../src/core/cost/model';
import type { Lab } from '../../../src/core/labs/types';
import type { CostSpec } from '../../../src/core/cost/types';
import type { RunReport } from '../../../src/core/checker/types';
import { costSection } from '../../../src/core/writeup/evidence';
import { measuredNumbers } from '../../../src/core/writeup/runs';

const spec: CostSpec = {
  currency: 'USD',
  events: { title: 'notifications accepted', query: 'sum(increase(api_notifications_total{outcome="accepted"}[$__run]))' },
  items: [
    { id: 'provider-calls', title: 'Provider calls', price: 0.0009, unit: 'call', source: 'a transactional email API, per email', query: 'sum(increase(provider_requests_total[$__run]))' },
    { id: 'queue-ops', title: 'Queue operations', price: 0.0000004, unit: 'op', source: 'a managed queue, per request', query: 'sum(increase(worker_queue_ops_total[$__run]))' },
    { id: 'db-writes', title: 'Database writes', price: 0.00000125, unit: 'write', source: 'a serverless database, per write', probe: { service: 'api', port: 8080, path: '/admin/stats' }, path: 'writes' },
  ],
};

// Quantities as a lab-1 check of the baseline and of the fix recorded them (3,250 notifications; the retry
// storm calls the provider about nine times per notification).
const baseline = { quantities: { 'provider-calls': 29_412, 'queue-ops': 36_118, 'db-writes': 6_500 }, events: 3_250 };
const fix = { quantities: { 'provider-calls': 3_391, 'queue-ops': 7_020, 'db-writes': 6_500 }, events: 3_250 };

describe('cost model (issue 19)', () => {
  it('prices each line, sums them, and divides by the events, per 1,000', () => {
    const b = costBlock(spec, baseline.quantities, baseline.events);
    assert.deepEqual(b.lines.map((l) => l.cost), [29_412 * 0.0009, 36_118 * 0.0000004, 6_500 * 0.00000125]);
    const total = 29_412 * 0.0009 + 36_118 * 0.0000004 + 6_500 * 0.00000125;
    assert.ok(Math.abs((b.total ?? 0) - total) < 1e-12);
    assert.ok(Math.abs((b.perThousand ?? 0) - (total / 3_250) * 1000) < 1e-12);
    assert.deepEqual(b.notes, []);
  });

  it('a line without data is left out of the total and said so; no events means no cost per 1,000', () => {
    const b = costBlock(spec, { 'provider-calls': 100, 'queue-ops': null }, 0);
    assert.equal(b.lines[1].cost, null);
    assert.equal(b.lines[2].quantity, null, 'a missing quantity is no data, not zero');
    assert.equal(b.total, 100 * 0.0009);
    assert.equal(b.perThousand, null);
    assert.deepEqual(b.notes, [
      'Queue operations: no data, so it is left out of the total',
      'Database writes: no data, so it is left out of the total',
      'no notifications accepted in the run, so there is no cost per 1,000',
    ]);
    assert.equal(costBlock(spec, {}, null).total, null);
    assert.equal(costBlock(spec, { 'provider-calls': Number.NaN }, 10).lines[0].quantity, null, 'NaN is no data');
  });

  it('reads as lines of quantity × price = cost, and compares the baseline with the fix', () => {
    const b = costBlock(spec, baseline.quantities, baseline.events);
    const f = costBlock(spec, fix.quantities, fix.events);
    assert.deepEqual(costLines(b), [
      '- Provider calls: 29,412 calls × $0.0009 = $26.47',
      '- Queue operations: 36,118 ops × $0.0000004 = $0.0144',
      '- Database writes: 6,500 writes × $0.00000125 = $0.00813',
      '- Total: $26.49 for 3,250 notifications accepted: **$8.15 per 1,000**',
    ]);
    assert.equal(costComparison(b, f), 'the baseline cost $8.15 per 1,000 notifications accepted; the fix, $0.942 (8.6× less)');
    assert.equal(costComparison(b, costBlock(spec, {}, 0)), undefined, 'no comparison without both numbers');
  });

  it('money keeps the digits that tell small unit costs apart', () => {
    assert.equal(money(24.8, 'USD'), '$24.80');
    assert.equal(money(0.0134, 'USD'), '$0.0134');
    assert.equal(money(0.00000125, 'USD'), '$0.00000125');
    assert.equal(money(0.000021, 'EUR'), '€0.000021');
    assert.equal(money(0, 'GBP'), 'GBP 0.00');
    assert.equal(money(null, 'USD'), 'no data');
  });

  it('the live cost rate is each PromQL line over a short window, per hour, times its price', () => {
    assert.equal(
      costRateQuery(spec, '30s'),
      '((sum(increase(provider_requests_total[30s]))) * 0.108 or vector(0)) + ((sum(increase(worker_queue_ops_total[30s]))) * 0.000048 or vector(0))',
    );
    assert.equal(costRateQuery({ ...spec, items: [spec.items[2]] }), undefined, 'probe lines cannot be charted live');
    assert.throws(() => costRateQuery(spec, '30'), /window must be like 30s/);
  });
});

describe('cost in the writeup evidence (issue 19)', () => {
  const report = (q: typeof baseline) => ({ cost: costBlock(spec, q.quantities, q.events) }) as unknown as RunReport;

  it('compares the first failing run with the passing one per 1,000 events, and prices the passing run line by line', () => {
    const lines = costSection(report(baseline), report(fix));
    assert.deepEqual(lines.slice(0, 4), [
      '### Cost',
      '',
      'Your first failing run cost $8.15 per 1,000 notifications accepted; your passing run, $0.942 (8.6× less).',
      '',
    ]);
    assert.ok(lines.includes('- Provider calls: 3,391 calls × $0.0009 = $3.05'), lines.join('\n'));
    assert.ok(lines.includes('- Total: $3.06 for 3,250 notifications accepted: **$0.942 per 1,000**'), lines.join('\n'));
  });

  it('runs without a cost model add nothing; the cost numbers count as measured numbers a writeup may cite', () => {
    assert.deepEqual(costSection({} as RunReport, undefined), []);
    const nums = measuredNumbers([{ attempt: { n: 1, verdict: 'pass', failed: [], at: '' }, report: { ...report(fix), checks: [], load: { service: 'load', requests: 1, rate: 1 } } as RunReport }]);
    assert.ok(nums.some((n) => Math.abs(n - 0.94241) < 1e-4), 'the cost per 1,000');
    assert.ok(nums.includes(3_391), 'a priced quantity');
  });
});

describe('the dashboard cost-rate panel (issue 19)', () => {
  const lab = { panels: [{ id: 'p', title: 'P', query: 'up', unit: 'count' }] } as unknown as Lab;
  it('is added after the lab panels when the lab has a cost model with PromQL lines, and not otherwise', () => {
    assert.equal(dashboardPanels(lab), lab.panels, 'no cost model: the lab panels as they are');
    assert.equal(dashboardPanels({ ...lab, cost: { ...spec, items: [spec.items[2]] } }).length, 1, 'probe lines only: nothing to chart live');
    const panels = dashboardPanels({ ...lab, cost: spec });
    assert.deepEqual(panels.map((p) => [p.id, p.unit]), [['p', 'count'], [COST_PANEL_ID, 'cost-per-hour']]);
    assert.equal(panels[1].query, costRateQuery(spec));
  });
});

describe('measuring a run cost (issue 19)', () => {
  it("reads each line the lab's way, with $__run as the run's range, and notes a read that failed", async () => {
    const asked: string[] = [];
    const block = await measureCost(spec, '95s', {
      promql: async (q) => {
        asked.push(q);
        if (q.includes('worker_queue_ops_total')) throw new Error('Prometheus query failed: bad_data');
        return q.includes('provider') ? 29_412 : 3_250;
      },
      probe: async (target, path) => (asked.push(`GET ${target.service}:${target.port}${target.path} → ${path}`), 6_500),
    });
    assert.deepEqual(asked.sort(), [
      'GET api:8080/admin/stats → writes',
      'sum(increase(api_notifications_total{outcome="accepted"}[95s]))',
      'sum(increase(provider_requests_total[95s]))',
      'sum(increase(worker_queue_ops_total[95s]))',
    ]);
    assert.deepEqual(block.lines.map((l) => l.quantity), [29_412, null, 6_500]);
    assert.equal(block.events.count, 3_250);
    assert.ok(block.notes.includes('could not be read: Queue operations: Prometheus query failed: bad_data'), block.notes.join('\n'));
  });

  it('a cancelled check stops the cost reading: the cancellation is not noted as a line with no data', async () => {
    const read = {
      promql: async () => {
        throw new CancelledError('the check');
      },
      probe: async () => 1,
    };
    await assert.rejects(measureCost(spec, '95s', read), CancelledError);
  });
});
