'use strict';
// Places ONE order: the order service calls this for every valid POST /orders.
//
//   placeOrder({ pool, publish }, order) -> { replayed: boolean }
//     pool     a pg Pool on the orders database (tables orders and outbox, see db/init.sql)
//     publish  publish(event) puts an event on the Redis stream orders:events, where the inventory
//              and email services read it; event = { eventId, type, orderId, payload }
//     order    { id, customer, sku, qty }, already validated; the client chose id, so a client
//              that retries sends the same id again
//
// Resolves { replayed: false } once the order is placed, { replayed: true } when an order with this
// id was already placed (a retry). Throws when the order could not be placed: the client gets a 503
// and will retry.
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
    // Tell inventory and email, so they can reserve stock and send the confirmation.
    await publish({ eventId: randomUUID(), type: 'OrderPlaced', orderId: order.id, payload: order });
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
