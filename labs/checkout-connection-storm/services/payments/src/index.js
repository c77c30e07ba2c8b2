'use strict';
// The payment provider (fake, the lab's): POST /charges {orderId, amountCents} charges the card at once
// and answers {chargeId} LATENCY_MS later, as a card network does. It takes an Idempotency-Key header
// (the kit's idempotencyKeys): the same key with the same order again gets the first charge back and
// charges nothing. Without a key, every request is a new charge.
//   GET    /admin/stats  -> {charges, orders, doubleCharged, extraCharges, replays}
//                           doubleCharged: orders charged more than once (an order charged 3 times counts 1)
//   DELETE /admin/stats     forgets every charge and key (the scenario's reset)
const { client, counter, idempotencyKeys, readJson, sendJson, sendProblem, serve, sleep, unknownKeys, integerField } = require('@breakfix/lab-kit');

const LATENCY_MS = Number(process.env.LATENCY_MS || 300);

const charged = counter('payments_charges_total', 'Charge requests, by kind: new (first charge of an order), duplicate (another charge of an already charged order), replay (an Idempotency-Key seen before: nothing charged)',
  ['kind'], [{ kind: 'new' }, { kind: 'duplicate' }, { kind: 'replay' }]);
const doubleGauge = new client.Gauge({ name: 'payments_double_charged', help: 'Orders charged more than once since the last reset' });

const keys = idempotencyKeys((p) => `${p.orderId}:${p.amountCents}`);
let perOrder = new Map(); // orderId -> charges made
let charges = 0;
let doubleCharged = 0;
let seq = 0;

async function charge(req, res) {
  const { value, problem } = await readJson(req, res, { limit: 4096 });
  if (problem) return sendProblem(res, problem);
  const bad = unknownKeys(value, ['orderId', 'amountCents']) || integerField(value, 'amountCents', { min: 1, max: 10_000_000 })
    || (typeof value.orderId !== 'string' || value.orderId.length > 100 ? { status: 400, error: '"orderId" must be a string of at most 100 characters', field: 'orderId' } : null);
  if (bad) return sendProblem(res, bad);
  const key = req.headers['idempotency-key'];
  const earlier = keys.lookup(key, value);
  if (earlier?.conflict) return sendJson(res, 422, { error: `Idempotency-Key ${key} was used for another charge` });
  let result;
  if (earlier) {
    charged.inc({ kind: 'replay' });
    result = earlier.replay;
  } else {
    // The money moves now; the answer comes later.
    result = { chargeId: `ch_${++seq}`, orderId: value.orderId, amountCents: value.amountCents };
    keys.remember(key, value, result);
    charges++;
    const n = (perOrder.get(value.orderId) || 0) + 1;
    perOrder.set(value.orderId, n);
    charged.inc({ kind: n === 1 ? 'new' : 'duplicate' });
    if (n === 2) doubleGauge.set(++doubleCharged);
  }
  await sleep(LATENCY_MS);
  sendJson(res, 201, result);
}

serve({
  name: 'payments',
  port: Number(process.env.PORT || 8081),
  routes: {
    'POST /charges': charge,
    'GET /admin/stats': (req, res) => sendJson(res, 200, {
      charges, orders: perOrder.size, doubleCharged, extraCharges: charges - perOrder.size, replays: keys.replays,
    }),
    'DELETE /admin/stats': (req, res) => {
      keys.clear();
      perOrder = new Map();
      charges = 0;
      doubleCharged = 0;
      doubleGauge.set(0);
      sendJson(res, 200, { reset: true });
    },
  },
});
