'use strict';
// Fake accounts service: the side effect of a paid invoice. It credits the customer's account, and it
// counts every credit by event id, so a duplicate credit is seen where it happens. In memory; a
// restart forgets it. Like many internal APIs, it takes no idempotency key: every call it accepts
// credits once more.
//   POST   /credits        {eventId, account, amountCents, currency} -> 200 {creditId}. The credit is made
//                          when the request ARRIVES; the answer may come later (the slow fault).
//                          422 for a closed account (acct_9xxx) and for a bad body; 503 during an
//                          outage. Neither credits anything.
//   GET    /admin/stats    -> {requests, credits, credited, duplicates, refused, unavailable}
//   GET    /admin/credits  -> {byEvent: {eventId: times credited}, duplicates}
//   DELETE /admin/stats    -> forget everything
//   GET | POST | DELETE /admin/faults  -> {latencyMs, outage}
//   GET    /healthz, GET /metrics

const { randomUUID } = require('node:crypto');
const { serve, sendJson, sleep, readBodyOrRefuse, unknownKeys, counter, client } = require('@breakfix/lab-kit');

const PORT = Number(process.env.PORT || 8081);
const DEFAULT_FAULTS = Object.freeze({ latencyMs: 0, outage: false });
let faults = { ...DEFAULT_FAULTS };

const CODES = ['200', '422', '503'].map((code) => ({ code }));
const requestsTotal = counter('accounts_requests_total', 'POST /credits requests by HTTP status', ['code'], CODES);
const creditsTotal = counter('accounts_credits_total', 'Credits made (a duplicate counts again)');
const duplicatesTotal = counter('accounts_duplicate_credits_total', 'Credits for an event that was already credited: a customer credited twice');

let stats;
let byEvent; // eventId -> times credited
function forget() {
  stats = { requests: 0, credits: 0, duplicates: 0, refused: 0, unavailable: 0 };
  byEvent = new Map();
}
forget();

const readBody = (req, res) => readBodyOrRefuse(req, res, { limit: 16 * 1024, emptyAs: {} });

async function credit(req, res) {
  stats.requests++;
  const body = await readBody(req, res);
  if (!body) return;
  const answer = async (code, payload, delay = 0) => {
    requestsTotal.inc({ code: String(code) });
    if (delay > 0) await sleep(delay);
    sendJson(res, code, payload);
  };
  if (faults.outage) {
    stats.unavailable++;
    return answer(503, { error: 'accounts is unavailable' });
  }
  const { eventId, account, amountCents } = body;
  if (typeof eventId !== 'string' || !eventId || typeof account !== 'string' || !Number.isSafeInteger(amountCents) || amountCents <= 0) {
    stats.refused++;
    return answer(422, { error: 'eventId, account and a positive whole amountCents are required' });
  }
  if (/^acct_9\d{3}$/.test(account)) {
    stats.refused++;
    return answer(422, { error: `account ${account} is closed` });
  }
  const times = (byEvent.get(eventId) || 0) + 1;
  byEvent.set(eventId, times);
  stats.credits++;
  creditsTotal.inc();
  if (times > 1) {
    stats.duplicates++;
    duplicatesTotal.inc();
  }
  return answer(200, { creditId: randomUUID() }, faults.latencyMs);
}

async function setFaults(req, res) {
  const body = await readBody(req, res);
  if (!body) return;
  const unknown = unknownKeys(body, Object.keys(DEFAULT_FAULTS));
  if (unknown) return sendJson(res, 400, unknown);
  const latencyMs = body.latencyMs ?? faults.latencyMs;
  const outage = body.outage ?? faults.outage;
  if (!Number.isInteger(latencyMs) || latencyMs < 0 || latencyMs > 60000) return sendJson(res, 400, { error: 'latencyMs must be a whole number from 0 to 60000', field: 'latencyMs' });
  if (typeof outage !== 'boolean') return sendJson(res, 400, { error: 'outage must be true or false', field: 'outage' });
  faults = { latencyMs, outage };
  sendJson(res, 200, faults);
}

const server = serve({
  name: 'accounts',
  port: PORT,
  routes: {
    'POST /credits': credit,
    'GET /admin/stats': (req, res) => sendJson(res, 200, { ...stats, credited: byEvent.size }),
    'GET /admin/credits': (req, res) => sendJson(res, 200, { byEvent: Object.fromEntries(byEvent), duplicates: stats.duplicates }),
    'DELETE /admin/stats': (req, res) => {
      forget();
      client.register.resetMetrics();
      CODES.forEach((labels) => requestsTotal.inc(labels, 0));
      sendJson(res, 200, { ...stats, credited: 0 });
    },
    'GET /admin/faults': (req, res) => sendJson(res, 200, faults),
    'POST /admin/faults': setFaults,
    'DELETE /admin/faults': (req, res) => {
      faults = { ...DEFAULT_FAULTS };
      sendJson(res, 200, faults);
    },
  },
});
// An idle keep-alive connection (the intake's, a probe's) stays open 65 s, not Node's 5 s.
server.keepAliveTimeout = 65000;
