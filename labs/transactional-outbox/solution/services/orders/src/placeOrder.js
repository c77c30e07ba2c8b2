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
// The OrderPlaced event is a row in the outbox table, inserted in the SAME transaction as the order:
// both commit, or neither does. The relay publishes it afterwards. Nothing outside Postgres happens
// before COMMIT, so a failed COMMIT leaves nothing behind, and a frozen broker does not stop orders.

async function placeOrder({ pool }, order) {
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
    await client.query(
      `INSERT INTO outbox (aggregate_id, type, payload) VALUES ($1, 'OrderPlaced', $2)`,
      [order.id, order],
    );
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
