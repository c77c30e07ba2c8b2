'use strict';
// What a consumer loop does with each batch it gets from the stream `orders` (group `fulfilment`).
//
// batch: up to BATCH_SIZE messages { id, order, receives }. `receives` is how many times the group
//        has delivered this message (1 = the first time), counted by Redis.
// tools: ack(msgs)                 acknowledge: done, never delivered again (one message or a list)
//        deadLetter(msg, reason)   move it to the dead-letter queue orders:dlq, with the reason, and ack it
//
// A message that is not acknowledged stays pending. Once it has been idle for VISIBILITY_TIMEOUT_MS
// (3 s), any consumer loop claims it and it comes back in a batch, with `receives` one higher.
//
// Each message is settled on its own: acknowledged when booked, quarantined in the DLQ when it can
// never succeed or has been received MAX_RECEIVES times, and otherwise left pending for a later try.
// One bad message never holds back, or replays, the others in its batch.

const { handle, PermanentError } = require('./handle');

const MAX_RECEIVES = 3;

async function consume(batch, { ack }) {
  for (const msg of batch) {
    try {
      await handle(msg.order);
      await ack(msg);
    } catch (err) {
      // MUTANT drop-poison: a message that can never succeed is logged and acknowledged (dropped),
      // not kept in the dead-letter queue.
      if (err instanceof PermanentError || msg.receives >= MAX_RECEIVES) {
        console.error(`[consumer] dropping ${msg.id} after ${msg.receives} receive(s): ${err.message}`);
        await ack(msg);
      } else {
        console.warn(`[consumer] ${msg.id} failed on receive ${msg.receives}, will come back: ${err.message}`);
      }
    }
  }
}

module.exports = { consume, MAX_RECEIVES };
