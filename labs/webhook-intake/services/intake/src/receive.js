'use strict';
// What the intake does with one webhook request. index.js calls receive(request, tools) for every
// POST /webhooks and sends back what it returns.
//
// request: { headers, rawBody (Buffer, the exact bytes), body (the parsed JSON object) }
// tools:   { db, secret, deliver(event), deadLetter(event, reason), concurrency, stopping() } (index.js)
// returns: { status, body }: any 2xx tells the provider the event is ours; anything else (or no answer
//          within its 2 s timeout) makes it send the event again later.
//
// An event: { id: "evt_...", type: "invoice.paid", created, data: { object: { account, amount_paid, currency, ... } } }

const { verifySignature } = require('./signature');

async function receive(request, tools) {
  const problem = verifySignature(request, tools.secret);
  if (problem) return { status: 401, body: { error: problem } };

  const event = request.body;
  // Credit the paid invoice, then keep the event for support.
  await tools.deliver(event);
  await tools.db.query('INSERT INTO webhook_events (event_id, type, payload) VALUES ($1, $2, $3)', [event.id, event.type, event]);
  return { status: 200, body: { received: true } };
}

module.exports = { receive };
