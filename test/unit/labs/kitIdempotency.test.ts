// The lab kit's Idempotency-Key store for fake downstreams: a repeat replays the first result and is
// counted, a key reused with another payload is a conflict, no key is never remembered, clear() forgets.
import { strict as assert } from 'node:assert';
import { resolve } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { idempotencyKeys } = require(resolve(__dirname, '../../../labs/_kit/lib/idempotency.js'));

describe('lab kit: idempotencyKeys()', () => {
  const fingerprint = (p: { id: string; qty: number }) => JSON.stringify([p.id, p.qty]);

  it('replays the first result for the same payload, counts it, and refuses another payload under the key', () => {
    let metric = 0;
    const keys = idempotencyKeys(fingerprint, { inc: () => metric++ });
    assert.equal(keys.lookup('k1', { id: 'a', qty: 1 }), null, 'a new key: act');
    keys.remember('k1', { id: 'a', qty: 1, note: 'ignored by the fingerprint' }, { entryId: 'e1' });
    assert.deepEqual(keys.lookup('k1', { id: 'a', qty: 1 }), { replay: { entryId: 'e1' } });
    assert.deepEqual(keys.lookup('k1', { id: 'a', qty: 2 }), { conflict: true });
    assert.equal(keys.replays, 1, 'a conflict is not a replay');
    assert.equal(metric, 1);
    assert.equal(keys.lookup('k2', { id: 'a', qty: 1 }), null, 'another key is another request');
  });

  it('without a key nothing is remembered; clear() forgets every key and the count', () => {
    const keys = idempotencyKeys(fingerprint);
    keys.remember(undefined, { id: 'a', qty: 1 }, { entryId: 'e1' });
    keys.remember('', { id: 'a', qty: 1 }, { entryId: 'e1' });
    assert.equal(keys.lookup(undefined, { id: 'a', qty: 1 }), null);
    assert.equal(keys.lookup('', { id: 'a', qty: 1 }), null);
    keys.remember('k1', { id: 'a', qty: 1 }, { entryId: 'e1' });
    keys.lookup('k1', { id: 'a', qty: 1 });
    keys.clear();
    assert.equal(keys.replays, 0);
    assert.equal(keys.lookup('k1', { id: 'a', qty: 1 }), null, 'after a lab reset the key is new again');
  });
});
