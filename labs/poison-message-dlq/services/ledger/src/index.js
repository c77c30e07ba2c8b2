'use strict';
// Fake ledger (stock and billing): the side effect of processing an order. In memory; a restart forgets it.
//   POST   /apply         {orderId, sku, qty, amountCents}, optional Idempotency-Key header
//                         -> 200 {entryId}. The order is booked when the request ARRIVES; the answer may
//                            come later (slow fault). The same Idempotency-Key again -> the same entryId,
//                            nothing booked twice (an "idempotent replay"). The same key with a different
//                            order -> 422, nothing booked. qty must be a whole number from 1 to 1000 and
//                            amountCents (when given) a whole number >= 0, else 422 and nothing is booked.
//                            400 for a body that is not a JSON object, 413 over MAX_REQUEST_BYTES.
//   GET    /admin/stats   -> {requests, booked, uniqueOrders, duplicates, idempotentReplays, rejected}
//                            duplicates = bookings of an orderId that was already booked
//   GET    /admin/booked  -> {orderIds: [...]}: every orderId booked at least once
//   DELETE /admin/stats   -> forget everything
//   GET | POST | DELETE /admin/faults  -> {latencyMs, slowShare}: this share of /apply requests (default all)
//                            is answered latencyMs later
//   GET    /healthz, GET /metrics

const crypto = require('node:crypto');
const { serve, sendJson, sleep, readJson, readBodyOrRefuse, sendProblem, integerField, unknownKeys, client, counter, idempotencyKeys } = require('@breakfix/lab-kit');

const PORT = Number(process.env.PORT || 8083);
const MAX_REQUEST_BYTES = 64 * 1024;
const DEFAULT_FAULTS = Object.freeze({ latencyMs: 0, slowShare: 1 });
let faults = { ...DEFAULT_FAULTS };

let requests = 0;
let rejected = 0;
let duplicates = 0;
let bookings = new Map(); // orderId -> times booked

const CODES = [{ code: '200' }, { code: '400' }, { code: '422' }];
const requestsTotal = counter('ledger_requests_total', 'POST /apply requests by HTTP status', ['code'], CODES);
const bookedTotal = counter('ledger_bookings_total', 'Bookings made (a duplicate counts again)');
const ordersTotal = counter('ledger_orders_booked_total', 'Distinct orders booked (first booking of an orderId)');
const duplicatesTotal = counter('ledger_duplicates_total', 'Bookings of an orderId that was already booked: a duplicate side effect');
const replaysTotal = counter('ledger_idempotent_replays_total', 'Requests answered from an earlier Idempotency-Key, nothing booked');
const bookedUnderKey = idempotencyKeys(fingerprint, replaysTotal); // Idempotency-Key -> the entryId booked under it

/** The body as a JSON object (empty: {}), or null once its problem (413, 400) has been answered. */
const readBody = (req, res) => readBodyOrRefuse(req, res, { limit: MAX_REQUEST_BYTES, emptyAs: {} });

/** What a booking under an Idempotency-Key asks for: a replay must ask for the same booking. */
function fingerprint(order) {
  return JSON.stringify([order.orderId, order.sku, order.qty, order.amountCents ?? null]);
}

async function apply(req, res) {
  requests++;
  const delay = Math.random() < faults.slowShare ? faults.latencyMs : 0;
  const answer = async (code, payload) => {
    requestsTotal.inc({ code: String(code) });
    if (delay > 0) await sleep(delay);
    sendJson(res, code, payload);
  };
  const read = await readJson(req, res, { limit: MAX_REQUEST_BYTES, emptyAs: {} });
  if (read.problem) return answer(read.problem.status, { error: read.problem.error, field: read.problem.field });
  const body = read.value;
  const key = req.headers['idempotency-key'];
  if (typeof body.orderId !== 'string' || !body.orderId) return answer(400, { error: 'orderId is required', field: 'orderId' });
  const invalid = integerField(body, 'qty', { min: 1, max: 1000, status: 422 }) ||
    integerField(body, 'amountCents', { min: 0, required: false, status: 422 });
  if (invalid) {
    rejected++;
    return answer(422, { error: invalid.error, field: invalid.field });
  }
  const seen = bookedUnderKey.lookup(key, body);
  if (seen?.conflict) return answer(422, { error: 'this Idempotency-Key was already used for a different order', field: 'Idempotency-Key' });
  if (seen) return answer(200, { entryId: seen.replay.entryId, replay: true });
  const entryId = crypto.randomUUID();
  bookedUnderKey.remember(key, body, { entryId });
  const times = (bookings.get(body.orderId) || 0) + 1;
  bookings.set(body.orderId, times);
  bookedTotal.inc();
  if (times === 1) ordersTotal.inc();
  else {
    duplicates++;
    duplicatesTotal.inc();
  }
  return answer(200, { entryId });
}

function stats() {
  return { requests, booked: [...bookings.values()].reduce((a, b) => a + b, 0), uniqueOrders: bookings.size, duplicates, idempotentReplays: bookedUnderKey.replays, rejected };
}

function resetStats() {
  requests = 0; rejected = 0; duplicates = 0;
  bookings = new Map();
  bookedUnderKey.clear();
  client.register.resetMetrics();
  CODES.forEach((labels) => requestsTotal.inc(labels, 0));
}

async function setFaults(req, res) {
  const body = await readBody(req, res);
  if (!body) return;
  const unknown = unknownKeys(body, Object.keys(DEFAULT_FAULTS));
  if (unknown) return sendProblem(res, unknown);
  const latencyMs = body.latencyMs ?? faults.latencyMs;
  const slowShare = body.slowShare ?? faults.slowShare;
  if (typeof latencyMs !== 'number' || latencyMs < 0 || latencyMs > 60000) return sendJson(res, 400, { error: 'latencyMs must be a number from 0 to 60000', field: 'latencyMs' });
  if (typeof slowShare !== 'number' || !(slowShare >= 0 && slowShare <= 1)) return sendJson(res, 400, { error: 'slowShare must be a number from 0 to 1', field: 'slowShare' });
  faults = { ...faults, latencyMs, slowShare };
  sendJson(res, 200, faults);
}

const wrongMethod = (req, res) => sendJson(res, 405, { error: 'use GET, POST or DELETE' });

const server = serve({
  name: 'ledger',
  port: PORT,
  routes: {
    'POST /apply': apply,
    'GET /admin/stats': (req, res) => sendJson(res, 200, stats()),
    'DELETE /admin/stats': (req, res) => {
      resetStats();
      sendJson(res, 200, stats());
    },
    'GET /admin/booked': (req, res) => sendJson(res, 200, { orderIds: [...bookings.keys()] }),
    'GET /admin/faults': (req, res) => sendJson(res, 200, faults),
    'POST /admin/faults': setFaults,
    'DELETE /admin/faults': (req, res) => {
      faults = { ...DEFAULT_FAULTS };
      sendJson(res, 200, faults);
    },
    'PUT /admin/faults': wrongMethod,
    'PATCH /admin/faults': wrongMethod,
  },
});
// As before the kit: an idle keep-alive connection (the consumer's, a probe's) stays open 65 s, not Node's 5 s.
server.keepAliveTimeout = 65000;
