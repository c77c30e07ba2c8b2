'use strict';
// Fake email provider. Keeps everything in memory; a restart forgets it all.
//   POST   /send          {to, channel, body, notificationId}, optional Idempotency-Key header
//                         -> 202 {messageId}. The same Idempotency-Key again -> the same messageId,
//                            and no second send (an "idempotent replay", not a duplicate). The same key
//                            with a different message -> 422, nothing sent (as real providers answer).
//   GET    /admin/stats   -> exact counts since the last reset:
//                            requests              POST /send requests, whatever the answer
//                            sends                 messages actually sent (duplicates included)
//                            uniqueNotifications   distinct notificationIds sent
//                            duplicates            sends of a notificationId that had been sent before
//                            idempotentReplays     requests answered from an earlier Idempotency-Key
//                            permanentFailures     distinct notificationIds rejected with a permanent error
//                            permanentAttemptsMax  the most permanent rejections any ONE notification got
//                                                  (1 when every permanent error was attempted once)
//                            byStatus              HTTP status answered by /send -> count
//                            retries               sends of a notificationId that the provider had just failed
//                                                  (5xx), and retryGapMedianSeconds: how long they waited
//   DELETE /admin/stats   -> forget all deliveries and counts (the metrics start again from 0 too)
//   GET    /admin/faults  -> the fault state
//   POST   /admin/faults  -> merge a partial fault state, e.g. {"outage": true}; an unknown key -> 400
//   DELETE /admin/faults  -> no faults
//   GET    /healthz, GET /metrics
//
// Faults, applied to /send in this order:
//   latencyMs              wait this long before doing anything
//   outage                 answer 503 to everything; nothing is sent
//   permanentRate          this share of notifications is rejected with 422, on every attempt
//                          (decided by notificationId, so retrying never helps)
//   errorRate, errorStatus this share of requests fails with errorStatus; nothing is sent
//   acceptThenTimeoutRate  this share of requests IS sent, but the answer only comes after
//                          HANG_MS, long after any sensible client timeout

const crypto = require('node:crypto');
const { client, idempotencyKeys, readJson, sendJson, sendProblem, serve, sleep } = require('@breakfix/lab-kit');

const PORT = Number(process.env.PORT || 8081);
const HANG_MS = 30000;
const MAX_REQUEST_BYTES = 256 * 1024;

const DEFAULT_FAULTS = Object.freeze({
  latencyMs: 0, errorRate: 0, errorStatus: 503, permanentRate: 0, outage: false, acceptThenTimeoutRate: 0,
});
const FAULT_KEYS = Object.keys(DEFAULT_FAULTS); // the allowlist: POST /admin/faults accepts no other key
let faults = { ...DEFAULT_FAULTS };

// ---- state --------------------------------------------------------------------------------
// A notification is identified by the notificationId in the body: a second send of the same
// notificationId is a duplicate, whatever Idempotency-Key it came with (a new key per attempt does
// not make a resend harmless). A request whose Idempotency-Key was already accepted is answered with
// the original messageId and sends nothing.
let requests = 0;              // POST /send requests
let sends = 0;                 // deliveries actually made (a duplicate counts again)
let duplicates = 0;            // deliveries of a notificationId that had been delivered before
let byStatus = {};             // HTTP status answered by /send -> count
let delivered = new Map();     // notificationId -> number of deliveries
let permanent = new Map();     // notificationId -> number of permanent rejections
let permanentAttemptsMax = 0;
let lastFailure = new Map();   // notificationId -> when its last send was answered with a 5xx (ms)
let retryGaps = [];            // seconds from a 5xx answer to the next send of the same notificationId

// ---- metrics ------------------------------------------------------------------------------
const requestsTotal = new client.Counter({ name: 'provider_requests_total', help: 'POST /send requests by HTTP status answered', labelNames: ['code'] });
const sendsTotal = new client.Counter({ name: 'provider_sends_total', help: 'Messages actually sent (duplicates included)' });
const duplicatesTotal = new client.Counter({ name: 'provider_duplicates_total', help: 'Messages sent for a notificationId that had already been sent' });
const replaysTotal = new client.Counter({ name: 'provider_idempotent_replays_total', help: 'Requests answered from an earlier Idempotency-Key, without sending again' });
const sentUnderKey = idempotencyKeys(fingerprint, replaysTotal); // Idempotency-Key -> the messageId sent under it
const permanentFailuresTotal = new client.Counter({ name: 'provider_permanent_failures_total', help: 'Distinct notifications rejected with a permanent error' });
const permanentRejectionsTotal = new client.Counter({ name: 'provider_permanent_rejections_total', help: 'Permanent rejections (422), repeats of the same notification included' });
new client.Gauge({
  name: 'provider_permanent_attempts_max',
  help: 'The most permanent rejections any one notification received (1 = every permanent error attempted once)',
  collect() { this.set(permanentAttemptsMax); },
});
const retryGap = new client.Histogram({
  name: 'provider_retry_gap_seconds',
  help: 'Time from a 5xx answer to the next send of the same notification: how long a client waits before it retries',
  buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
});
function zeroMetrics() {
  ['202', '400', '422', '503'].forEach((code) => requestsTotal.inc({ code }, 0));
  // prom-client's reset() leaves a histogram with no series until its next observation, and increase()
  // cannot count a series' first sample: the retry gaps of a check's first seconds went missing.
  retryGap.zero({});
}
zeroMetrics();

// ---- helpers ------------------------------------------------------------------------------
/** What a request under an Idempotency-Key asks for: a replay must ask for the same message. */
function fingerprint(msg) {
  return JSON.stringify([msg.to, msg.channel, msg.body, msg.notificationId]);
}

/** A number in [0, 1) that is always the same for the same notificationId. */
function stableFraction(id) {
  return crypto.createHash('sha256').update(String(id)).digest().readUInt32BE(0) / 2 ** 32;
}

function record(notificationId) {
  const before = delivered.get(notificationId) || 0;
  delivered.set(notificationId, before + 1);
  sends++;
  sendsTotal.inc();
  if (before > 0) { duplicates++; duplicatesTotal.inc(); }
  return `msg_${crypto.randomUUID()}`;
}

// ---- /send --------------------------------------------------------------------------------
async function send(req, res) {
  // Counted when decided, so a request answered late still shows up in the rate at once.
  requests++;
  const started = Date.now();
  const answer = async (code, payload, delayMs = 0) => {
    byStatus[code] = (byStatus[code] || 0) + 1;
    if (code >= 500 && msg && typeof msg.notificationId === 'string') lastFailure.set(msg.notificationId, Date.now());
    requestsTotal.inc({ code: String(code) });
    if (delayMs > 0) await sleep(delayMs);
    if (!res.destroyed) sendJson(res, code, payload);
  };
  const f = faults; // the faults in force when the request arrived
  const { value: msg, problem } = await readJson(req, res, { limit: MAX_REQUEST_BYTES });
  const failedAt = msg && typeof msg.notificationId === 'string' ? lastFailure.get(msg.notificationId) : undefined;
  if (failedAt !== undefined) {
    lastFailure.delete(msg.notificationId);
    const gap = Math.max(0, started - failedAt) / 1000;
    retryGap.observe(gap);
    if (retryGaps.length < 100000) retryGaps.push(gap);
  }
  if (f.latencyMs > 0) await sleep(f.latencyMs);

  if (f.outage) return answer(503, { error: 'provider outage' });
  if (problem) return answer(problem.status, { error: problem.error, field: problem.field });
  for (const field of ['to', 'channel', 'body', 'notificationId']) {
    if (typeof msg[field] !== 'string' || msg[field] === '') return answer(400, { error: `"${field}" must be a non-empty string`, field });
  }
  if (f.permanentRate > 0 && stableFraction(msg.notificationId) < f.permanentRate) {
    const before = permanent.get(msg.notificationId) || 0;
    permanent.set(msg.notificationId, before + 1);
    permanentRejectionsTotal.inc();
    if (before === 0) permanentFailuresTotal.inc();
    if (before + 1 > permanentAttemptsMax) permanentAttemptsMax = before + 1;
    return answer(422, { error: 'recipient rejected: mailbox does not exist', permanent: true });
  }
  if (f.errorRate > 0 && Math.random() < f.errorRate) {
    return answer(f.errorStatus, { error: 'temporary provider error' });
  }

  const key = req.headers['idempotency-key'];
  const seen = sentUnderKey.lookup(key, msg);
  if (seen?.conflict) return answer(422, { error: 'this Idempotency-Key was already used for a different message', field: 'Idempotency-Key' });
  if (seen) return answer(202, { messageId: seen.replay.messageId, replayed: true });
  const messageId = record(msg.notificationId);
  sentUnderKey.remember(key, msg, { messageId });

  const hang = f.acceptThenTimeoutRate > 0 && Math.random() < f.acceptThenTimeoutRate;
  return answer(202, { messageId }, hang ? HANG_MS : 0);
}

// ---- /admin -------------------------------------------------------------------------------
function stats() {
  return {
    requests, sends, uniqueNotifications: delivered.size, duplicates, idempotentReplays: sentUnderKey.replays,
    permanentFailures: permanent.size, permanentAttemptsMax, byStatus,
    retries: retryGaps.length, retryGapMedianSeconds: median(retryGaps),
  };
}

function median(xs) {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function resetStats() {
  requests = 0; sends = 0; duplicates = 0; byStatus = {};
  sentUnderKey.clear();
  delivered = new Map(); permanent = new Map(); permanentAttemptsMax = 0;
  lastFailure = new Map(); retryGaps = [];
  retryGap.reset();
  // Counters restart from 0 as well (Prometheus' rate() treats that as a counter reset).
  for (const m of [requestsTotal, sendsTotal, duplicatesTotal, replaysTotal, permanentFailuresTotal, permanentRejectionsTotal]) m.reset();
  zeroMetrics();
}

/**
 * Validates a partial fault state (a parsed JSON object). Returns a problem {error, field, allowed?} or
 * null. Only the allowlisted keys pass: "__proto__", "constructor" or "toString" are unknown faults like
 * any other (`k in DEFAULT_FAULTS` would have let them through: they are inherited from Object.prototype).
 */
function checkFaults(patch) {
  const unknown = Object.keys(patch).filter((k) => !FAULT_KEYS.includes(k));
  if (unknown.length > 0) {
    return { error: `unknown fault ${unknown.map((k) => JSON.stringify(k)).join(', ')} (allowed: ${FAULT_KEYS.join(', ')})`, field: unknown[0], allowed: FAULT_KEYS };
  }
  for (const [k, v] of Object.entries(patch)) {
    const bad = (error) => ({ error, field: k });
    if (k === 'outage') { if (typeof v !== 'boolean') return bad('"outage" must be a boolean'); continue; }
    if (typeof v !== 'number' || v < 0) return bad(`"${k}" must be a number >= 0`);
    if (k.endsWith('Rate') && v > 1) return bad(`"${k}" must be between 0 and 1`);
    if (k === 'errorStatus' && !(Number.isInteger(v) && v >= 400 && v <= 599)) return bad('"errorStatus" must be an HTTP status 400-599');
    if (k === 'latencyMs' && v > 60000) return bad('"latencyMs" must be at most 60000');
  }
  return null;
}

async function admin(req, res, path) {
  if (path === '/admin/stats') {
    if (req.method === 'GET') return sendJson(res, 200, stats());
    if (req.method === 'DELETE') {
      resetStats();
      console.log('[provider] stats reset');
      return sendJson(res, 200, stats());
    }
  }
  if (path === '/admin/faults') {
    if (req.method === 'GET') return sendJson(res, 200, faults);
    if (req.method === 'DELETE') {
      faults = { ...DEFAULT_FAULTS };
      console.log('[provider] faults cleared');
      return sendJson(res, 200, faults);
    }
    if (req.method === 'POST') {
      const body = await readJson(req, res, { limit: MAX_REQUEST_BYTES });
      if (body.problem) return sendProblem(res, body.problem);
      const problem = checkFaults(body.value);
      if (problem) return sendJson(res, 400, problem);
      // A fresh object built from the allowlist: nothing of the request is merged as it is.
      faults = Object.fromEntries(FAULT_KEYS.map((k) => [k, Object.hasOwn(body.value, k) ? body.value[k] : faults[k]]));
      console.log('[provider] faults now', JSON.stringify(faults));
      return sendJson(res, 200, faults);
    }
  }
  return sendJson(res, 404, { error: 'not found' });
}

// ---- server -------------------------------------------------------------------------------
const adminRoute = (req, res, { what }) => admin(req, res, `/admin/${what}`);
serve({
  name: 'provider',
  port: PORT,
  routes: { 'POST /send': send, 'GET /admin/:what': adminRoute, 'POST /admin/:what': adminRoute, 'DELETE /admin/:what': adminRoute },
});
