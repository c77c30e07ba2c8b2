'use strict';
// Handles ONE event from the stream orders:events. The consumer (index.js) calls
//     handle({ pool, applyEffect }, event)
// for every entry it reads, one at a time, and acknowledges the entry (XACK) when handle() resolves.
// When handle() throws, the entry is not acknowledged and is delivered again a second later.
//
// MUTANT no-consumer-dedup: the effect runs in a transaction, but nothing records which events were
// handled: an event delivered or published twice has its effect twice.

async function handle({ pool, applyEffect }, event) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await applyEffect(client, event);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

module.exports = { handle };
