'use strict';
// The outbox relay: moves events from the outbox table (db/init.sql) to the Redis stream.
// index.js calls relayBatch() in a loop: again at once when it returned > 0, after 200 ms when it
// returned 0, and after a short backoff when it threw.
//
//   relayBatch({ pool, publish, batchSize }) -> number of outbox rows handled
//     pool       a pg Pool on the orders database
//     publish    publish(row) puts one outbox row on the stream and resolves with the stream entry id
//                once Redis confirms it; it rejects when Redis does not answer within 2 s
//     batchSize  the most rows to take at once (100)
//
// The batch is locked, not marked, while it is published: SELECT ... FOR UPDATE SKIP LOCKED in a
// transaction keeps other relays off these rows. Only after Redis has confirmed every publish are the
// rows marked sent, in the same transaction. If the relay dies or a publish fails, the transaction is
// rolled back and the rows stay unsent: they are published again (at least once; consumers deduplicate
// by eventId).

async function relayBatch({ pool, publish, batchSize }) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query(
      `SELECT id, event_id, aggregate_id, type, payload FROM outbox
       WHERE sent_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [batchSize],
    );
    for (const row of rows) await publish(row); // in order; each waits for Redis' confirmation
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
