'use strict';
// MUTANT relay-marks-first: the reference relay, except that the batch is marked sent (and committed)
// BEFORE it is published, "so a slow publish does not hold row locks". A relay killed mid-batch, or a
// publish that gets no answer, leaves rows marked sent that never reached the stream.

async function relayBatch({ pool, publish, batchSize }) {
  const client = await pool.connect();
  let rows;
  try {
    await client.query('BEGIN');
    ({ rows } = await client.query(
      `SELECT id, event_id, aggregate_id, type, payload FROM outbox
       WHERE sent_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [batchSize],
    ));
    if (rows.length) {
      await client.query('UPDATE outbox SET sent_at = clock_timestamp() WHERE id = ANY($1)', [rows.map((r) => r.id)]);
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
  for (const row of rows) await publish(row);
  return rows.length;
}

module.exports = { relayBatch };
