'use strict';
// Yours: how one checkout instance uses Postgres and the payment provider. index.js (the lab's) calls
// createCheckout() once at start, then checkout(order) for every POST /checkout, and answers what it
// returns: {status, headers?, body}. A throw is answered 500 with its message. createCheckout may also
// return ready(): a promise; the instance's /healthz says "not ready" until it resolves.
//
//   config:   {maxConnections, instances}: Postgres's max_connections and how many checkout instances
//             share it (DB_MAX_CONNECTIONS, CHECKOUT_INSTANCES in compose.yaml)
//   payments: charge({orderId, amountCents}, {idempotencyKey}?) -> {chargeId}; the provider charges the
//             card as soon as the request arrives and answers about 300 ms later. It remembers an
//             Idempotency-Key: the same key again gets the first charge back, nothing charged twice.
const { Pool } = require('pg');

function createCheckout({ databaseUrl, config, payments }) {
  const pool = new Pool({ connectionString: databaseUrl });
  pool.on('error', (err) => console.error('[checkout] idle connection lost:', err.message));

  /** order: {orderId, sku, qty, amountCents}. Reserves the stock, charges the card, records the order. */
  async function checkout(order) {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const reserved = await client.query('UPDATE inventory SET stock = stock - $2 WHERE sku = $1 AND stock >= $2', [order.sku, order.qty]);
      if (reserved.rowCount === 0) {
        await client.query('ROLLBACK');
        return { status: 409, body: { error: `${order.sku} is out of stock` } };
      }
      // A shopper who clicks "Pay" twice gets their order, not an error.
      await client.query(
        'INSERT INTO orders (order_id, sku, qty, amount_cents) VALUES ($1, $2, $3, $4) ON CONFLICT (order_id) DO NOTHING',
        [order.orderId, order.sku, order.qty, order.amountCents],
      );
      // Charged inside the transaction: if the charge fails, the stock and the order roll back.
      const { chargeId } = await payments.charge({ orderId: order.orderId, amountCents: order.amountCents });
      await client.query('UPDATE orders SET charge_id = $2 WHERE order_id = $1', [order.orderId, chargeId]);
      await client.query('COMMIT');
      return { status: 201, body: { orderId: order.orderId, chargeId } };
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }

  return { checkout, close: () => pool.end() };
}

module.exports = { createCheckout };
