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

const Redis = require('ioredis');
const { handle, PermanentError } = require('./handle');

// MUTANT seen-set: de-duplication in the consumer instead of at the ledger. Every order is marked
// seen when it is first received; a message whose order was already seen is acknowledged unhandled.
const redis = new Redis(process.env.REDIS_URL || 'redis://queue:6379');

const MAX_RECEIVES = 3;

async function consume(batch, { ack, deadLetter }) {
  for (const msg of batch) {
    const first = await redis.set(`seen:${msg.order?.orderId}`, msg.id, 'NX');
    if (first === null) {
      const owner = await redis.get(`seen:${msg.order?.orderId}`);
      if (owner !== msg.id) {
        await ack(msg); // another message of the same order was seen: a duplicate
        continue;
      }
    }
    try {
      await handle(msg.order);
      await ack(msg);
    } catch (err) {
      if (err instanceof PermanentError) {
        await deadLetter(msg, `permanent: ${err.message}`);
      } else if (msg.receives >= MAX_RECEIVES) {
        await deadLetter(msg, `failed ${msg.receives} receives, last error: ${err.message}`);
      } else {
        console.warn(`[consumer] ${msg.id} failed on receive ${msg.receives}, will come back: ${err.message}`);
      }
    }
  }
}

module.exports = { consume, MAX_RECEIVES };
