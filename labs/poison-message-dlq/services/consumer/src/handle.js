'use strict';
// The handler: books one order at the ledger (stock and billing). It reads the SKU's stock, then books the
// order with the stock it read: the ledger writes stock = stockSeen - qty. This call is the side effect:
// every call that the ledger accepts books the order once more.

const LEDGER_URL = process.env.LEDGER_URL || 'http://ledger:8083';

function quantity(order) {
  if (!Number.isInteger(order.qty) || order.qty <= 0) throw new Error(`qty ${JSON.stringify(order.qty)} is not a whole number`);
  return order.qty;
}

/** The SKU's stock as the ledger shows it now. */
async function readStock(sku) {
  const res = await fetch(`${LEDGER_URL}/stock/${encodeURIComponent(sku)}`, { signal: AbortSignal.timeout(10000) });
  if (!res.ok) throw new Error(`ledger answered ${res.status} to the stock read: ${(await res.text()).slice(0, 200)}`);
  return (await res.json()).stock;
}

/** Books `order` ({orderId, sku, qty, amountCents}); throws when it was not booked. */
async function handle(order) {
  const qty = quantity(order);
  const stockSeen = await readStock(order.sku);
  const res = await fetch(`${LEDGER_URL}/apply`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ orderId: order.orderId, sku: order.sku, qty, amountCents: order.amountCents, stockSeen }),
    signal: AbortSignal.timeout(10000),
  });
  if (!res.ok) throw new Error(`ledger answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
}

module.exports = { handle };
