'use strict';
// The handler: books one order at the ledger (stock and billing). This call is the side effect:
// every call that the ledger accepts books the order once more, unless it carries an
// Idempotency-Key the ledger has already seen. The key is derived from the order, so every
// redelivery, claim or retry of the same order sends the same key and is booked once.

const LEDGER_URL = process.env.LEDGER_URL || 'http://ledger:8083';

/** An order that can never be booked as it is: retrying does not help. */
class PermanentError extends Error {}

function quantity(order) {
  if (!Number.isInteger(order.qty) || order.qty <= 0) throw new PermanentError(`qty ${JSON.stringify(order.qty)} is not a whole number`);
  return order.qty;
}

/** Books `order` ({orderId, sku, qty, amountCents}); throws when it was not booked. */
async function handle(order) {
  if (!order || typeof order.orderId !== 'string') throw new PermanentError('the message is not an order');
  const res = await fetch(`${LEDGER_URL}/apply`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': `order-${order.orderId}` },
    body: JSON.stringify({ orderId: order.orderId, sku: order.sku, qty: quantity(order), amountCents: order.amountCents }),
    signal: AbortSignal.timeout(10000),
  });
  if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) {
    throw new PermanentError(`ledger refused the order (${res.status}): ${(await res.text()).slice(0, 200)}`);
  }
  if (!res.ok) throw new Error(`ledger answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
}

module.exports = { handle, PermanentError };
