'use strict';
// Handles ONE event from the stream orders:events. The consumer (index.js) calls
//     handle({ pool, applyEffect }, event)
// for every entry it reads, one at a time, and acknowledges the entry (XACK) when handle() resolves.
// When handle() throws, the entry is not acknowledged and is delivered again a second later.
//
// Deduplication: the event's id goes into processed_events in the SAME transaction as the effect.
// An event seen before (its id is already there) is skipped; if the effect fails, neither is kept. So
// each event has its effect exactly once, however often it is delivered.

async function handle({ pool, applyEffect }, event) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const first = await client.query('INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING', [event.eventId]);
    if (first.rowCount === 1) await applyEffect(client, event);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

module.exports = { handle };
