'use strict';
// Handles ONE event from the stream orders:events. The consumer (index.js) calls
//     handle({ pool, applyEffect }, event)
// for every entry it reads, one at a time, and acknowledges the entry (XACK) when handle() resolves.
// When handle() throws, the entry is not acknowledged and is delivered again a second later.
//   pool         a pg Pool whose search_path is this consumer's schema (inventory or email): its tables
//                (see db/init.sql) can be named without the schema
//   applyEffect  applyEffect(db, event) applies this consumer's effect (effects.js) using db, which may
//                be the pool or a client you took from it (for a transaction)
//   event        { eventId, type, orderId, payload: {id, customer, sku, qty}, streamId }
// Redis Streams deliver at least once: the same entry can come again (after a crash before XACK), and
// the same event can be on the stream more than once.

async function handle({ pool, applyEffect }, event) {
  await applyEffect(pool, event);
}

module.exports = { handle };
