// Checker → dashboard: log lines become progress, a report becomes results the webview accepts.
import * as assert from 'node:assert/strict';
import type { RunReport } from '../../../src/core/checker/types';
import { checkProgressFromLog, checkResultsFromReport } from '../../../src/extension/webviews/dashboard/check';
import { isHostMessage } from '../../../webview/dashboard/validate';
import { formatMeasured, formatThreshold } from '../../../webview/dashboard/units';
import { evaluateScaling } from '../../../src/core/scaling/evaluate';
import { CHECK as SCALING_CHECK, side } from '../scaling/helpers';

describe('dashboard host: checker messages', () => {
  it('turns checker log lines into progress; Compose output is not progress', () => {
    assert.deepEqual(checkProgressFromLog('[check] load: 1000 requests at 250/s; timeline: provider-outage@20s'), {
      type: 'checkProgress',
      phase: 'load',
      message: '1000 requests at 250/s; timeline: provider-outage@20s',
    });
    assert.deepEqual(checkProgressFromLog('[check] building api, worker'), { type: 'checkProgress', phase: 'check', message: 'building api, worker' });
    assert.equal(checkProgressFromLog('$ docker-compose -p breakfix-lab build worker'), undefined);
    assert.equal(checkProgressFromLog('Step 3/7 : RUN npm ci'), undefined);
  });

  it('turns a report into results with values, thresholds, sources and the report path', () => {
    const report = {
      verdict: 'fail',
      checks: [
        { id: 'p95', title: 'p95 < 150 ms', kind: 'promql', pass: true, measured: 0.042, threshold: 0.15, op: '<', unit: 'seconds', source: 'histogram_quantile(…) @ 12:00:00' },
        { id: 'dups', title: 'No duplicates', kind: 'probe', pass: false, measured: null, threshold: 0, op: '==', source: 'GET http://127.0.0.1:18081/admin/stats → duplicates', note: 'no data' },
        { id: 'env', title: 'Concurrency unchanged', kind: 'constraint', pass: true, measured: '4', threshold: '4', op: '==', source: 'docker inspect worker' },
      ],
      files: { json: '/w/.breakfix/runs/x/report.json', md: '/w/.breakfix/runs/x/report.md' },
    } as unknown as RunReport;
    const msg = checkResultsFromReport(report);
    assert.ok(isHostMessage(JSON.parse(JSON.stringify(msg))), 'the webview accepts it');
    assert.equal(msg.type, 'checkResults');
    if (msg.type !== 'checkResults') return;
    assert.equal(msg.passed, false);
    assert.equal(msg.reportPath, '/w/.breakfix/runs/x/report.md');
    assert.deepEqual(msg.results.map((r) => [r.id, r.passed, r.measured, r.threshold]), [
      ['p95', true, 0.042, 0.15],
      ['dups', false, null, 0],
      ['env', true, '4', '4'],
    ]);
    assert.equal(msg.results[1].note, 'no data');
  });

  it('changes the check did not run reach the webview, which accepts them and nothing malformed', () => {
    const report = { verdict: 'fail', checks: [], ignoredChanges: [{ file: 'prometheus.yml', change: 'changed', detail: "differs from the lab's: the check used the lab's Prometheus configuration" }] } as unknown as RunReport;
    const msg = checkResultsFromReport(report);
    assert.deepEqual(msg.type === 'checkResults' && msg.notRun, [{ file: 'prometheus.yml', detail: "differs from the lab's: the check used the lab's Prometheus configuration" }]);
    assert.ok(isHostMessage(JSON.parse(JSON.stringify(msg))));
    assert.ok(!isHostMessage({ ...msg, notRun: [{ file: 'x' }] }), 'a not-run item without its detail is refused');
    assert.equal(checkResultsFromReport({ verdict: 'pass', checks: [] } as unknown as RunReport).type === 'checkResults' && 'notRun' in checkResultsFromReport({ verdict: 'pass', checks: [] } as unknown as RunReport), false);
  });

  it('a scale proof shows its ratio as a plain number (not the ratio unit\'s percent) and both throughputs as its note', () => {
    const result = evaluateScaling(SCALING_CHECK, side(1, 600, 30), side(3, 600, 10));
    const msg = checkResultsFromReport({ verdict: 'pass', checks: [result] } as unknown as RunReport);
    assert.ok(isHostMessage(JSON.parse(JSON.stringify(msg))), 'the webview accepts it');
    if (msg.type !== 'checkResults') return assert.fail(msg.type);
    const [r] = msg.results;
    assert.deepEqual([r.id, r.passed, r.measured, r.op, r.threshold, r.unit], ['scales-out', true, 3, '>=', 2, undefined]);
    assert.equal(`${formatMeasured(r.measured, r.unit)} ${formatThreshold(r.op, r.threshold, r.unit)}`, '3 >= 2', 'as the dashboard renders it');
    assert.equal(r.note, '1 replica: 20/s over 30 s (600 processed); 3 replicas: 60/s over 10 s (600 processed)');
    assert.match(r.source ?? '', /^throughput at 3 replicas of consumer ÷ at 1: /);
  });

  it('a run that errored carries the error', () => {
    const msg = checkResultsFromReport({ verdict: 'error', checks: [], error: 'fault kill-worker did not become active' } as unknown as RunReport);
    assert.equal(msg.type === 'checkResults' && msg.error, 'fault kill-worker did not become active');
  });
});
