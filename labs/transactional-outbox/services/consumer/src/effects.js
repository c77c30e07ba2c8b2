'use strict';
// What each consumer does for one OrderPlaced event: its effect, one row in its own table.
//   inventory  reserves the stock: a row in inventory.reservations
//   email      sends the order confirmation: a row in email.sent_emails
// Every call applies the effect again: calling it twice for one order reserves twice, mails twice.

const EFFECTS = {
  inventory: {
    table: 'reservations',
    apply: (db, e) => db.query('INSERT INTO reservations (order_id, event_id, sku, qty) VALUES ($1, $2, $3, $4)', [e.orderId, e.eventId, e.payload.sku, e.payload.qty]),
  },
  email: {
    table: 'sent_emails',
    apply: (db, e) => db.query('INSERT INTO sent_emails (order_id, event_id, customer) VALUES ($1, $2, $3)', [e.orderId, e.eventId, e.payload.customer]),
  },
};

module.exports = { EFFECTS };
