'use strict';
// MUTANT relay-leader-lease: the reference relay, plus a leader lease so that only one relay publishes
// ("to keep events in order"): the key outbox:relay:leader in Redis holds this process' id for 20 s and
// is renewed before every batch. A relay that starts while another holds the lease waits. After a
// crash nobody releases the lease, so the restarted relay publishes nothing until it expires.
const Redis = require('ioredis');
const { randomUUID } = require('node:crypto');

const LEASE_KEY = 'outbox:relay:leader';
const LEASE_MS = 20000;
const ME = randomUUID();
const redis = new Redis(process.env.REDIS_URL || 'redis://broker:6379', { maxRetriesPerRequest: 2, commandTimeout: 2000 });
redis.on('error', () => {});

/** True when this relay holds the lease (taken now, or renewed). */
async function holdLease() {
  const renewed = await redis.eval(
    "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0",
    1, LEASE_KEY, ME, LEASE_MS,
  );
  if (renewed === 1) return true;
  return (await redis.set(LEASE_KEY, ME, 'PX', LEASE_MS, 'NX')) === 'OK';
}

async function relayBatch({ pool, publish, batchSize }) {
  if (!(await holdLease())) return 0; // another relay leads (or did, until it crashed)
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query(
      `SELECT id, event_id, aggregate_id, type, payload FROM outbox
       WHERE sent_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [batchSize],
    );
    for (const row of rows) await publish(row);
    if (rows.length) {
      await client.query('UPDATE outbox SET sent_at = clock_timestamp() WHERE id = ANY($1)', [rows.map((r) => r.id)]);
    }
    await client.query('COMMIT');
    return rows.length;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

module.exports = { relayBatch };
