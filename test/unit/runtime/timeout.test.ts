import { strict as assert } from 'node:assert';
import { isCancelled, sleep, withTimeout } from '../../../src/core/runtime/timeout';
import { CancelledError, TimeoutError } from '../../../src/core/runtime/types';

describe('runtime/withTimeout', () => {
  it('resolves with the value of work that finishes in time', async () => {
    assert.equal(await withTimeout(Promise.resolve(42), { timeoutMs: 100 }, 'x'), 42);
  });

  it('passes the work rejection through', async () => {
    await assert.rejects(withTimeout(Promise.reject(new Error('boom')), {}, 'x'), /boom/);
  });

  it('rejects with TimeoutError and aborts the work when the bound passes', async () => {
    let aborted = false;
    const t = Date.now();
    const p = withTimeout((signal) => {
      signal.addEventListener('abort', () => (aborted = true));
      return new Promise<never>(() => undefined);
    }, { timeoutMs: 50 }, 'slow call');
    await assert.rejects(p, (err: Error) => err instanceof TimeoutError && /slow call timed out/.test(err.message));
    assert.ok(aborted, 'the work saw the abort');
    assert.ok(Date.now() - t < 1000);
  });

  it('rejects with CancelledError when the caller aborts, and aborts the work', async () => {
    const ac = new AbortController();
    let aborted = false;
    const p = withTimeout((signal) => {
      signal.addEventListener('abort', () => (aborted = true));
      return new Promise<never>(() => undefined);
    }, { signal: ac.signal, timeoutMs: 10_000 }, 'call');
    setTimeout(() => ac.abort(), 20);
    await assert.rejects(p, (err: Error) => err instanceof CancelledError && isCancelled(err));
    assert.ok(aborted);
  });

  it('rejects at once for an already aborted signal, without starting the work', async () => {
    let started = false;
    await assert.rejects(withTimeout(async () => void (started = true), { signal: AbortSignal.abort() }, 'call'), CancelledError);
    assert.equal(started, false);
  });

  it('timeoutMs 0 means no bound', async () => {
    const v = await withTimeout(new Promise((r) => setTimeout(() => r('late'), 30)), { timeoutMs: 0 }, 'x', 10);
    assert.equal(v, 'late');
  });

  it('sleep is cancellable', async () => {
    const ac = new AbortController();
    const p = sleep(10_000, ac.signal);
    ac.abort();
    await assert.rejects(p, CancelledError);
  });
});
