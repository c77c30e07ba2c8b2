'use strict';
// The event stream. Every event is one entry of the Redis stream orders:events with the fields
//   eventId  uuid: the same event published twice carries the same eventId
//   type     'OrderPlaced'
//   orderId  the order's id
//   payload  JSON: {id, customer, sku, qty}
// publish() resolves with the entry id once Redis has stored it (XADD answered): that is the
// broker's confirmation. It rejects when Redis does not answer within 2 s (a paused broker):
// then nobody knows whether the entry was stored, or will be once Redis runs again.

const STREAM = 'orders:events';

function publish(redis, { eventId, type, orderId, payload }) {
  return redis.xadd(STREAM, '*', 'eventId', eventId, 'type', type, 'orderId', orderId, 'payload', JSON.stringify(payload));
}

module.exports = { STREAM, publish };
