'use strict';
// Places ONE order: the order service calls this for every valid POST /orders.
//
//   placeOrder({ pool, publish }, order) -> { replayed: boolean }
//     pool     a pg Pool on the orders database (tables orders and outbox, see db/init.sql)
//     publish  publish(event) puts an event on the Redis stream orders:events directly. NOT used:
//              see below
//     order    { id, customer, sku, qty }, already validated; the client chose id, so a client
//              that retries sends the same id again
//
// MUTANT publish-and-outbox: the outbox row is written in the order's transaction, as in the reference
// fix, but the event is ALSO published directly before COMMIT, "so consumers hear about it sooner" (the
// relay's copy has the same eventId, so consumers drop it). A COMMIT that fails leaves the direct
// publish on the stream: a phantom.
const { randomUUID } = require('node:crypto');

async function placeOrder({ pool, publish }, order) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const inserted = await client.query(
      `INSERT INTO orders (id, customer, sku, qty) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO NOTHING`,
      [order.id, order.customer, order.sku, order.qty],
    );
    if (inserted.rowCount === 0) {
      await client.query('ROLLBACK');
      return { replayed: true };
    }
    const eventId = randomUUID();
    await client.query(
      `INSERT INTO outbox (event_id, aggregate_id, type, payload) VALUES ($1, $2, 'OrderPlaced', $3)`,
      [eventId, order.id, order],
    );
    await publish({ eventId, type: 'OrderPlaced', orderId: order.id, payload: order });
    await client.query('COMMIT');
    return { replayed: false };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

module.exports = { placeOrder };
