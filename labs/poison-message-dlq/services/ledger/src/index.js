'use strict';
// Fake ledger (stock and billing): the side effect of processing an order. In memory; a restart forgets it.
//   GET    /stock/:sku    -> 200 {sku, stock}: the units of the SKU in stock (every SKU starts at START_STOCK),
//                            answered at once
//   POST   /apply         {orderId, sku, qty, amountCents, stockSeen?}, optional Idempotency-Key header
//                         -> 200 {entryId, stock}. The order is booked when the request ARRIVES; the answer may
//                            come later (slow fault). A booking takes qty units of the SKU's stock. Like a
//                            naive stock service, the ledger trusts the caller's read: with stockSeen (the
//                            stock the caller read before booking) it WRITES stock = stockSeen - qty; without
//                            it, it subtracts qty from the stock it holds. When stockSeen is not the stock at
//                            that moment (another booking of the SKU came in between the read and the write),
//                            that booking is lost from the stock: a lost update. The ledger also keeps the
//                            true stock beside it (START_STOCK - every unit booked), for the lab's accounting.
//                            The same Idempotency-Key again -> the same entryId, nothing booked twice (an
//                            "idempotent replay"). The same key with a different order -> 422, nothing booked.
//                            qty must be a whole number from 1 to 1000, sku a string of 1-64 characters,
//                            amountCents and stockSeen (when given) whole numbers >= 0, else 422 and nothing is
//                            booked. 400 for a body that is not a JSON object, 413 over MAX_REQUEST_BYTES.
//   GET    /admin/stats   -> {requests, booked, uniqueOrders, duplicates, idempotentReplays, rejected,
//                            lostUpdates, stockDrift}
//                            duplicates = bookings of an orderId that was already booked
//                            lostUpdates = bookings whose stockSeen was not the stock when they arrived
//                            stockDrift = the sum over SKUs of |true stock - the stock the ledger shows|
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
// Far above what a run books of one SKU (2,500 orders of at most 5 units): a run never sells out.
const START_STOCK = 100000;

let requests = 0;
let rejected = 0;
let duplicates = 0;
let bookings = new Map(); // orderId -> times booked
let stock = new Map(); // sku -> {shown: the stock the ledger shows and writes, truth: START_STOCK - units booked}
let lostUpdates = 0;
let stockDrift = 0; // sum over SKUs of |truth - shown|, kept up to date on every booking

const CODES = [{ code: '200' }, { code: '400' }, { code: '422' }];
const requestsTotal = counter('ledger_requests_total', 'POST /apply requests by HTTP status', ['code'], CODES);
const bookedTotal = counter('ledger_bookings_total', 'Bookings made (a duplicate counts again)');
const ordersTotal = counter('ledger_orders_booked_total', 'Distinct orders booked (first booking of an orderId)');
const duplicatesTotal = counter('ledger_duplicates_total', 'Bookings of an orderId that was already booked: a duplicate side effect');
const replaysTotal = counter('ledger_idempotent_replays_total', 'Requests answered from an earlier Idempotency-Key, nothing booked');
const bookedUnderKey = idempotencyKeys(fingerprint, replaysTotal); // Idempotency-Key -> the entryId booked under it
const lostUpdatesTotal = counter('ledger_lost_updates_total', 'Bookings whose stockSeen was not the stock when they arrived: a lost update of the stock');
const stockDriftGauge = new client.Gauge({ name: 'ledger_stock_drift', help: 'Units of stock the ledger shows wrongly: the sum over SKUs of |true stock - shown stock|' });

/** The body as a JSON object (empty: {}), or null once its problem (413, 400) has been answered. */
const readBody = (req, res) => readBodyOrRefuse(req, res, { limit: MAX_REQUEST_BYTES, emptyAs: {} });

/** What a booking under an Idempotency-Key asks for: a replay must ask for the same booking (its stockSeen may differ). */
function fingerprint(order) {
  return JSON.stringify([order.orderId, order.sku, order.qty, order.amountCents ?? null]);
}

const validSku = (sku) => typeof sku === 'string' && sku.length >= 1 && sku.length <= 64;

function stockOf(sku) {
  let s = stock.get(sku);
  if (!s) stock.set(sku, (s = { shown: START_STOCK, truth: START_STOCK }));
  return s;
}

/** Takes qty units of the SKU's stock: the write a naive service makes, and the truth beside it. */
function takeStock({ sku, qty, stockSeen }) {
  const s = stockOf(sku);
  const before = Math.abs(s.truth - s.shown);
  if (stockSeen === undefined) s.shown -= qty;
  else {
    if (stockSeen !== s.shown) {
      lostUpdates++;
      lostUpdatesTotal.inc();
    }
    s.shown = stockSeen - qty;
  }
  s.truth -= qty;
  stockDrift += Math.abs(s.truth - s.shown) - before;
  stockDriftGauge.set(stockDrift);
  return s.shown;
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
    integerField(body, 'amountCents', { min: 0, required: false, status: 422 }) ||
    (validSku(body.sku) ? null : { error: 'sku must be a string of 1-64 characters', field: 'sku' }) ||
    integerField(body, 'stockSeen', { min: 0, required: false, status: 422 });
  if (invalid) {
    rejected++;
    return answer(422, { error: invalid.error, field: invalid.field });
  }
  const seen = bookedUnderKey.lookup(key, body);
  if (seen?.conflict) return answer(422, { error: 'this Idempotency-Key was already used for a different order', field: 'Idempotency-Key' });
  if (seen) return answer(200, { entryId: seen.replay.entryId, replay: true });
  const entryId = crypto.randomUUID();
  bookedUnderKey.remember(key, body, { entryId });
  const left = takeStock(body);
  const times = (bookings.get(body.orderId) || 0) + 1;
  bookings.set(body.orderId, times);
  bookedTotal.inc();
  if (times === 1) ordersTotal.inc();
  else {
    duplicates++;
    duplicatesTotal.inc();
  }
  return answer(200, { entryId, stock: left });
}

function stats() {
  return { requests, booked: [...bookings.values()].reduce((a, b) => a + b, 0), uniqueOrders: bookings.size, duplicates, idempotentReplays: bookedUnderKey.replays, rejected, lostUpdates, stockDrift };
}

function resetStats() {
  requests = 0; rejected = 0; duplicates = 0;
  bookings = new Map();
  stock = new Map();
  lostUpdates = 0; stockDrift = 0;
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
    'GET /stock/:sku': (req, res, { sku }) => {
      if (!validSku(sku)) return sendJson(res, 400, { error: 'sku must be a string of 1-64 characters', field: 'sku' });
      sendJson(res, 200, { sku, stock: stock.get(sku)?.shown ?? START_STOCK });
    },
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
