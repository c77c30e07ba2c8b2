'use strict';
// The outbox relay: moves events from the outbox table (db/init.sql) to the Redis stream.
// index.js calls relayBatch() in a loop: again at once when it returned > 0, after 200 ms when it
// returned 0, and after a short backoff when it threw.
//
//   relayBatch({ pool, publish, batchSize }) -> number of outbox rows handled
//     pool       a pg Pool on the orders database
//     publish    publish(row) puts one outbox row on the stream (as the event {eventId: row.event_id,
//                type: row.type, orderId: row.aggregate_id, payload: row.payload}) and resolves with
//                the stream entry id once Redis confirms it; it rejects when Redis does not answer
//                within 2 s
//     batchSize  the most rows to take at once (100)
//
// A row is sent when its sent_at is set. More than one relay may run, so a row must be taken by one
// relay only.

async function relayBatch({ pool, publish, batchSize }) {
  // Take the next rows and mark them sent in one statement, so no other relay takes them too.
  const { rows } = await pool.query(
    `UPDATE outbox SET sent_at = clock_timestamp()
     WHERE id IN (SELECT id FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
     RETURNING id, event_id, aggregate_id, type, payload`,
    [batchSize],
  );
  rows.sort((a, b) => Number(a.id) - Number(b.id));
  for (const row of rows) await publish(row);
  return rows.length;
}

module.exports = { relayBatch };
