// runCheck's scaling checks (scale proofs) end to end on the same fakes as runCheck.test.ts: the sides, `only`, cancellation.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { runCheck } from '../../../src/core/checker/run';
import { isScalingResult } from '../../../src/core/scaling/types';
import { fastClock } from '../../support/fakeClock';
import { FAST, LONG_LOAD_MS, PROJECT, REVERT_HTTP, SCALE, inOrder, rejectsAsCancelled, until, useRunCheckFixture } from './runCheckFixture';

const posixOnly = process.platform === 'win32' ? describe.skip : describe;

posixOnly('checker/runCheck: scaling checks (fake engine, fake Compose, fake stack)', function () {
  this.timeout(30_000);
  const f = useRunCheckFixture();
  const { options, scalingEntry, processedByReplicas, scaleCalls } = f;

  it('a scaling check runs after the checks: 1 then 3 workers (each reset, loaded, drained, read), then back to 1; the ratio decides', async () => {
    const { events } = f;
    const opts = await options({ loadMs: 300 });
    const { compose } = f;
    processedByReplicas({ 1: 10, 3: 40 });
    const report = await runCheck(scalingEntry(), opts);
    assert.equal(report.verdict, 'pass', JSON.stringify(report.checks, null, 2));
    const side = (n: number) => [SCALE(n), REVERT_HTTP, 'http POST /admin/reset', 'restart worker', 'prom targets ', /^http POST \/runs \{"requests":5,"rate":50\}$/, 'prom query sum(queue_depth) == 0', /^prom query sum\(increase\(jobs_done_total\[\d+s\]\)\)$/];
    inOrder(events, [
      // the constraints read the main run's containers first, at the lab's replica count
      '? inspect worker',
      ...side(1),
      ...side(3),
      SCALE(1),
      // the panels' data is kept over the main run only
      'prom query_range sum(rate(jobs_total[1m]))',
    ]);

    // Compose's own `up --scale`, in the check's stack folder and project, touching only the worker.
    const scaled = compose!.invocations().filter((c) => c.args.includes('--scale'));
    assert.deepEqual(scaled.map((c) => c.args.slice(c.args.indexOf('up'))), [1, 3, 1].map((n) => ['up', '-d', '--no-build', '--no-deps', '--no-recreate', '--scale', `worker=${n}`, 'worker']));
    for (const c of scaled) {
      assert.equal(c.cwd, report.stackDir);
      assert.equal(c.args[c.args.indexOf('-p') + 1], PROJECT);
    }

    assert.deepEqual(report.checks.map((c) => c.id), ['no-duplicates', 'jobs-done', 'jobs-in-errors', 'constraint-worker-env-MAX_RETRIES', 'constraint-services', 'scales-out']);
    const result = report.checks.find((c) => c.id === 'scales-out')!;
    assert.ok(isScalingResult(result), JSON.stringify(result));
    assert.equal(result.pass, true);
    assert.deepEqual(result.scaling.sides.map((s) => [s.replicas, s.drained]), [
      [1, true],
      [3, true],
    ]);
    // processed = rate × $__run (whole seconds, rounded up), over the side's exact seconds: at most 20% above the rate.
    const [one, three] = result.scaling.sides;
    assert.ok(one.throughput! >= 10 && one.throughput! < 12 && three.throughput! >= 40 && three.throughput! < 48, JSON.stringify(result.scaling.sides));
    assert.equal(result.measured, Math.round(result.scaling.ratio! * 100) / 100);
    assert.ok(result.scaling.ratio! > 3 && result.scaling.ratio! < 5, `ratio ${result.scaling.ratio}: 4 times the throughput`);
    assert.match(result.source, /^throughput at 3 replicas of worker ÷ at 1: /);
    assert.ok(typeof report.durations.scaling === 'number');
    const md = readFileSync(report.files!.md, 'utf8');
    assert.match(md, /## Scale proofs\n[^]*```text\n✔ scales-out: Three workers do jobs at least 1\.5 times as fast as one\n {2}1 replica: [\d.]+\/s over [\d.]+ s \([\d.]+ processed\)\n {2}3 replicas: [\d.]+\/s over [\d.]+ s \([\d.]+ processed\)\n {2}ratio [\d.]+ \(must be >= 1\.5\)/);

    // A design whose 3 workers do half the work of one: the ratio fails the check, and so the run.
    processedByReplicas({ 1: 10, 3: 5 });
    const failing = await runCheck(scalingEntry(), { ...opts, clock: fastClock(FAST) });
    assert.equal(failing.verdict, 'fail');
    assert.deepEqual(failing.failed, ['scales-out']);
    const r = failing.checks.find((c) => c.id === 'scales-out')!;
    assert.ok(typeof r.measured === 'number' && r.measured < 1.5, `measured ${r.measured}`);
    assert.deepEqual(scaleCalls(), ['worker=1', 'worker=3', 'worker=1', 'worker=1', 'worker=3', 'worker=1']);
  });

  it('`only` runs a scaling check when it names it and not otherwise; with one selected, the run still drains', async () => {
    const opts = await options({ loadMs: 300 });
    processedByReplicas({ 1: 10, 3: 40 });
    const without = await runCheck(scalingEntry(), { ...opts, only: ['jobs-done'] });
    assert.deepEqual(without.checks.map((c) => c.id), ['jobs-done', 'constraint-worker-env-MAX_RETRIES', 'constraint-services']);
    assert.deepEqual(scaleCalls(), [], 'nothing was scaled');
    assert.equal(without.durations.scaling, undefined);

    const withIt = await runCheck(scalingEntry(), { ...opts, clock: fastClock(FAST), only: ['jobs-in-errors', 'scales-out'] });
    assert.equal(withIt.verdict, 'pass', JSON.stringify(withIt.checks, null, 2));
    assert.deepEqual(withIt.only, ['jobs-in-errors', 'scales-out']);
    assert.deepEqual(withIt.checks.map((c) => c.id), ['jobs-in-errors', 'constraint-worker-env-MAX_RETRIES', 'constraint-services', 'scales-out']);
    assert.equal(withIt.drain?.skipped, undefined, 'a windowed check alone would skip the drain; with a scaling check it is waited for');
    assert.deepEqual(scaleCalls(), ['worker=1', 'worker=3', 'worker=1']);
  });

  it('cancellation mid-scaling: stops the side\'s load, still scales the worker back to 1, rejects as cancelled', async () => {
    const { events, stack } = f;
    const ac = new AbortController();
    const opts = await options({}, { signal: ac.signal });
    // The main run's load and the first side's are short; the second side's (3 workers) would outlast the test.
    Object.defineProperty(stack, 'loadMs', { get: () => (stack.loadRuns().length >= 2 ? LONG_LOAD_MS : 300) });
    const t0 = Date.now();
    const running = runCheck(scalingEntry(), opts);
    // Cancel once the checker polls that load (it has the run's id): it must stop it.
    await until('the checker polling the load of the side with 3 workers', () => events.includes('http GET /runs/3'), 15_000);
    ac.abort();
    const err = await rejectsAsCancelled(running);
    assert.ok(Date.now() - t0 < LONG_LOAD_MS / 2, 'the load was stopped, not waited for');

    const [scaledOut] = inOrder(events, [SCALE(3), /^http POST \/runs /]);
    inOrder(events, [/^http DELETE \/runs\/3$/, SCALE(1)], scaledOut);
    assert.deepEqual(stack.loadRuns(), ['done', 'done', 'stopped']);
    assert.deepEqual(scaleCalls(), ['worker=1', 'worker=3', 'worker=1'], 'scaled back once, after the cancellation');
    assert.equal(err.report.error, 'cancelled');
    assert.equal(err.report.verdict, 'error');
    assert.ok(typeof err.report.durations.scaling === 'number');
  });
});
