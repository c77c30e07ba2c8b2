// runCheck end to end without an engine: the typed fake engine (test/support/fakeEngine.ts), the fake
// Compose run as a real child process (fakeCompose.js through runCompose), and a fake stack HTTP server
// (faults, stats, reset, Prometheus API). One ordered event log tells what happened, phase by phase.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CheckRunError, runCheck } from '../../../src/core/checker/run';
import type { RunReport } from '../../../src/core/checker/types';
import { fastClock } from '../../support/fakeClock';
import { FAST, INJECT_HTTP, LOAD_START, LOAD_STOP, LONG_LOAD_MS, REVERT_HTTP, inOrder, matches, rejectsAsCancelled, until, useRunCheckFixture } from './runCheckFixture';

const posixOnly = process.platform === 'win32' ? describe.skip : describe;

posixOnly('checker/runCheck (fake engine, fake Compose, fake stack)', function () {
  this.timeout(30_000);
  const f = useRunCheckFixture();
  const { options } = f;

  it('runs the phases in order: build (only what changed), up, reset, load with the timeline, drain, checks, report', async () => {
    const { entry, events, stack, engine } = f;
    const opts = await options({ loadMs: 1_000 });
    const { compose } = f;
    const report = await runCheck(entry, opts);
    const first = [...events];

    assert.equal(report.verdict, 'pass', JSON.stringify(report.checks, null, 2));
    assert.deepEqual(report.rebuilt, ['api', 'worker', 'load']);
    const [, , resetAt, , runAt] = inOrder(first, [
      'compose build api worker load',
      'compose up',
      // reset: every fault reverted, then the reset action; the worker is fresh from `up`: no restart
      REVERT_HTTP,
      'http POST /admin/reset',
      // Prometheus has scraped every target since the reset, then the load starts
      'prom targets ',
      LOAD_START,
      // the timeline, during the load: inject + verify the http fault, pause, revert the http fault after `for`
      INJECT_HTTP,
      'http GET /admin/faults',
      'pause worker',
      REVERT_HTTP,
      'load run 1 done',
      // drain, then the pause (no `for`) is reverted before the checks
      'prom query sum(queue_depth) == 0',
      'unpause worker',
      'http GET /admin/stats',
      /^prom query sum\(increase\(jobs_total\[\d+s\]\)\)$/,
      '? inspect worker',
      'prom query_range sum(rate(jobs_total[1m]))',
    ]);
    assert.equal(matches(first.slice(resetAt, runAt), /^restart /).length, 0, 'a container started by this check is not restarted');
    assert.equal(matches(first, /^compose /).filter((e) => !/^compose (build|up)/.test(e)).length, 0, 'the load runs over HTTP: no compose run');

    // The compose argv: the check's stack folder and the project.
    const calls = compose!.invocations();
    assert.deepEqual(calls.map((c) => c.args[c.args.indexOf('-p') + 2]), ['build', 'up']);
    assert.equal(calls[1].cwd, report.stackDir);

    assert.deepEqual(Object.keys(report.durations).sort(), ['assemble', 'build', 'drain', 'evaluate', 'reset', 'scenario', 'scrape', 'total', 'up']);
    for (const [k, v] of Object.entries(report.durations)) assert.ok(typeof v === 'number' && v >= 0, `${k}: ${v}`);
    assert.deepEqual(report.timeline.map((t) => [t.fault, !!t.injectedAt, !!t.verifiedAt, !!t.revertedAt, t.error]), [
      ['provider-errors', true, true, true, undefined],
      ['pause-worker', true, true, true, undefined],
    ]);
    assert.deepEqual(report.checks.map((c) => [c.id, c.pass]), [
      ['no-duplicates', true],
      ['jobs-done', true],
      ['jobs-in-errors', true],
      ['constraint-worker-env-MAX_RETRIES', true],
      ['constraint-services', true],
    ]);
    assert.equal(report.load.summary?.sent, 5);
    assert.equal(report.drain?.drained, true);
    assert.equal(report.series?.[0].series[0].values.length, 1);
    const written = JSON.parse(readFileSync(report.files!.json, 'utf8')) as RunReport;
    assert.equal(written.verdict, 'pass');
    assert.match(readFileSync(report.files!.md, 'utf8'), /^# Check of fakelab: PASS/);
    assert.deepEqual(stack.faults, { errorRate: 0 });
    assert.equal(engine.container('worker').state, 'running');

    // Again, nothing changed: no build, the same containers, so the reset restarts the worker.
    const mark = events.length;
    const again = await runCheck(entry, { ...opts, clock: fastClock(FAST) });
    const second = events.slice(mark);
    assert.equal(again.verdict, 'pass');
    assert.deepEqual(again.rebuilt, []);
    assert.equal(matches(second, /^compose build/).length, 0, second.join('\n'));
    inOrder(second, ['compose up', REVERT_HTTP, 'http POST /admin/reset', 'restart worker', /^http POST \/runs /, INJECT_HTTP]);
    assert.equal(matches(second, 'restart worker').length, 1);
    assert.equal(compose!.invocations().length, 3, 'the second check: up, no build');
  });

  it('a run judged only on windowed PromQL checks (a proof case) does not wait for the drain; with a probe it does', async () => {
    const { entry, events } = f;
    const opts = await options({ loadMs: 1_000 });
    const windowed = await runCheck(entry, { ...opts, only: ['jobs-in-errors'] });
    assert.equal(windowed.verdict, 'pass', JSON.stringify(windowed.checks, null, 2));
    assert.equal(matches(events, 'prom query sum(queue_depth) == 0').length, 0, events.join('\n'));
    assert.match(windowed.drain?.skipped ?? '', /^every check evaluated \(jobs-in-errors\) measures its own fault window$/);
    assert.equal(windowed.durations.drain, undefined);
    assert.deepEqual(windowed.checks.map((c) => c.id), ['jobs-in-errors', 'constraint-worker-env-MAX_RETRIES', 'constraint-services']);
    assert.match(readFileSync(windowed.files!.md, 'utf8'), /not waited for: every check evaluated \(jobs-in-errors\)/);

    const mark = events.length;
    const probed = await runCheck(entry, { ...opts, clock: fastClock(FAST), only: ['jobs-in-errors', 'no-duplicates'] });
    assert.equal(probed.drain?.skipped, undefined);
    assert.equal(probed.drain?.drained, true);
    assert.equal(matches(events.slice(mark), 'prom query sum(queue_depth) == 0').length, 1);
  });

  it('cancellation mid-scenario: rejects as cancelled, stops the load run, reverts every fault, still writes the report', async () => {
    const { entry, events, stack, engine } = f;
    const ac = new AbortController();
    const opts = await options({ loadMs: LONG_LOAD_MS }, { signal: ac.signal });
    const t0 = Date.now();
    const running = runCheck(entry, opts);
    await until('the worker paused by the timeline', () => events.includes('pause worker'));
    ac.abort();
    const err = await rejectsAsCancelled(running);
    assert.match(err.message, /check of fakelab cancelled; every fault was reverted/);
    assert.ok(Date.now() - t0 < LONG_LOAD_MS / 2, 'the load was stopped, not waited for');

    const [injected] = inOrder(events, [INJECT_HTTP, 'pause worker']);
    inOrder(events, [LOAD_STOP], injected);
    inOrder(events, ['unpause worker'], events.indexOf('pause worker'));
    inOrder(events, [REVERT_HTTP], injected);
    assert.equal(matches(events, 'load run 1 done').length, 0, 'the load never finished');
    assert.deepEqual(stack.faults, { errorRate: 0 });
    assert.equal(engine.container('worker').state, 'running');
    assert.deepEqual(stack.loadRuns(), ['stopped'], 'the load run was stopped');

    assert.equal(err.report.error, 'cancelled');
    assert.equal(err.report.verdict, 'error');
    assert.ok(err.report.files && existsSync(err.report.files.json));
    assert.equal((JSON.parse(readFileSync(err.report.files.json, 'utf8')) as RunReport).error, 'cancelled');
  });

  it('a fault that cannot be injected fails the run with its error, and what was injected is reverted', async () => {
    const { entry, events, stack, engine } = f;
    const opts = await options({ loadMs: LONG_LOAD_MS });
    engine.failNext('pause', 'engine refused to pause (fake)');
    const t0 = Date.now();
    const err = await runCheck(entry, opts).then(
      () => assert.fail('runCheck resolved although the pause failed'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof CheckRunError, String(err));
    assert.equal(err.cancelled, false);
    assert.match(err.message, /^check of fakelab could not run: engine refused to pause \(fake\)$/);
    assert.ok(Date.now() - t0 < LONG_LOAD_MS / 2, 'the failure stopped the load');

    const [injected, pauseAt] = inOrder(events, [INJECT_HTTP, 'pause worker', LOAD_STOP]);
    assert.deepEqual(stack.loadRuns(), ['stopped'], 'the load run was stopped');
    inOrder(events, [REVERT_HTTP], injected);
    assert.equal(matches(events.slice(pauseAt), 'unpause worker').length, 0, 'the worker was never paused: nothing to unpause');
    assert.deepEqual(stack.faults, { errorRate: 0 });
    assert.equal(engine.container('worker').state, 'running');
    const pause = err.report.timeline.find((t) => t.fault === 'pause-worker');
    assert.equal(pause?.error, 'engine refused to pause (fake)');
    assert.equal(pause?.injectedAt, undefined);
    assert.equal(err.report.checks.length, 0, 'no check is evaluated after a failed run');
    assert.ok(err.report.files && existsSync(err.report.files.json));
  });

  it('a build that fails stops the run before up, with the Compose error, and injects nothing', async () => {
    const { entry, events } = f;
    const opts = await options({ fail: ['build'] });
    const err = await runCheck(entry, opts).then(
      () => assert.fail('runCheck resolved although the build failed'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof CheckRunError);
    assert.match(err.message, /could not run: .* build failed \(exit 1\):\n {2}fake compose: build failed on purpose/);
    assert.equal(matches(events, /^compose up/).length, 0);
    assert.equal(matches(events, INJECT_HTTP).length, 0);
    assert.equal(err.report.durations.build !== undefined && err.report.durations.up === undefined, true);
    // It never started the stack: not an attempt, so no report in the workspace (the error says it all).
    assert.equal(err.report.files, undefined);
    assert.equal(existsSync(join(opts.workspaceDir!, '.breakfix', 'runs')), false);
  });
});
