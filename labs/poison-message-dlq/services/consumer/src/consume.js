'use strict';
// What a consumer loop does with each batch it gets from the stream `orders` (group `fulfilment`).
//
// batch: up to BATCH_SIZE messages { id, order, receives }. `receives` is how many times the group
//        has delivered this message (1 = the first time), counted by Redis.
// tools: ack(msgs)                 acknowledge: done, never delivered again (one message or a list)
//        deadLetter(msg, reason)   move it to the dead-letter queue orders:dlq, with the reason, and ack it
//        withLock(key, fn)         run fn while holding the lock `key`, shared by every loop of every
//                                  consumer; returns what fn returns. It expires 10 s after it was taken
//                                  if its holder dies.
//
// A message that is not acknowledged stays pending. Once it has been idle for VISIBILITY_TIMEOUT_MS
// (3 s), any consumer loop claims it and it comes back in a batch, with `receives` one higher.

const { handle } = require('./handle');

// handle() reads a SKU's stock, then books with what it read: two bookings of the same SKU at the same
// time would both write their own count, and one of them would be lost from the stock. So no two
// bookings may overlap: one lock, held while a batch is booked.
async function consume(batch, { ack, withLock }) {
  await withLock('orders', async () => {
    for (const msg of batch) {
      await handle(msg.order);
    }
    await ack(batch);
  });
}

module.exports = { consume };
