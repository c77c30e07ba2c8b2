'use strict';
// The lab's load: the billing provider, a long-lived service. A run sends that many invoice.paid
// events at that rate (open loop) to the intake, each signed and retried as the provider does
// (provider.js), and ends once every event is accepted or given up on.
//   :8089  the kit's load control API (serveLoad): POST /runs {requests, rate}, GET /runs/<id>|latest
//   :8088  the provider's admin API:
//          GET    /admin/sent    the latest run: {run, events: [{id, accepted}], attacks: [{id, kind, status}]}
//          GET | POST | DELETE /admin/faults  {attackRate, redeliver}
//            attackRate  forged and replayed requests per second (half each), sent next to the run
//            redeliver   N: the provider redelivers the run's first N accepted events once more, at 75/s,
//                        signed afresh, as after an incident on its side; 0 stops a burst
//          GET    /healthz, GET /metrics
//   curl -X POST 127.0.0.1:58089/runs -d '{"requests": 500, "rate": 25}'; curl 127.0.0.1:58088/admin/sent

const { serveLoad, serve, sendJson, sendProblem, readBodyOrRefuse, unknownKeys, integerField, client, counter, latencySummary, pace } = require('@breakfix/lab-kit');
const provider = require('./provider');

const PORT = Number(process.env.PORT || 8089);
const ADMIN_PORT = Number(process.env.ADMIN_PORT || 8088);
const TARGET_URL = process.env.TARGET_URL || 'http://intake:8080/webhooks';
const SECRET = process.env.WEBHOOK_SECRET || 'whsec_lab';
const REDELIVER_RATE = 75;
const TICK_MS = 20;

const attemptsTotal = counter('sender_attempts_total', 'Delivery attempts, by kind: first, retry, redelivery', ['kind'], ['first', 'retry', 'redelivery'].map((kind) => ({ kind })));
const answersTotal = counter('sender_answers_total', 'What each attempt got: 2xx, 4xx, 5xx, timeout (2 s), network', ['result'], ['2xx', '4xx', '5xx', 'timeout', 'network'].map((result) => ({ result })));
const gaveUpTotal = counter('sender_gave_up_total', 'Events the provider gave up on after 5 failed attempts');
const attacksTotal = counter('sender_attacks_total', 'Forged and replayed requests, by kind and by answer (accepted = 2xx)', ['kind', 'result'],
  ['forged', 'replayed'].flatMap((kind) => ['accepted', 'rejected'].map((result) => ({ kind, result }))));
const inFlight = new client.Gauge({ name: 'sender_in_flight', help: 'Events being delivered: sent and neither accepted nor given up on yet' });

const DEFAULT_FAULTS = Object.freeze({ attackRate: 0, redeliver: 0 });
let faults = { ...DEFAULT_FAULTS };
let runLog = { run: null, events: new Map(), acceptedOrder: [], attacks: [] };
let redeliveryQueue = [];
const pending = new Set(); // deliveries not finished (first deliveries and redeliveries)
let summary = { attempts: 0, latencies: [], statusCodes: {} };

function resultOf({ status, error }) {
  return status ? `${Math.floor(status / 100)}xx` : error;
}

function track(promise) {
  pending.add(promise);
  inFlight.inc();
  promise.finally(() => {
    pending.delete(promise);
    inFlight.dec();
  });
}

function onAttempt(kind) {
  return (result, attempt) => {
    attemptsTotal.inc({ kind: attempt === 1 ? kind : 'retry' });
    answersTotal.inc({ result: resultOf(result) });
    summary.attempts++;
    summary.latencies.push(result.ms);
    const code = result.status || result.error;
    summary.statusCodes[code] = (summary.statusCodes[code] || 0) + 1;
  };
}

function send(event, kind, signal) {
  const log = runLog;
  track(provider.deliver({ target: TARGET_URL, secret: SECRET, event, signal, onAttempt: onAttempt(kind) }).then((ok) => {
    const entry = log.events.get(event.id);
    if (ok && !entry.accepted) {
      entry.accepted = true;
      log.acceptedOrder.push(event.id);
    }
    if (!ok && kind === 'first') gaveUpTotal.inc();
  }));
}

let attackSeq = 0;
function sendAttack() {
  const kind = attackSeq % 2 ? 'forged' : 'replayed';
  const a = provider.attack(kind, attackSeq++ >> 1, SECRET);
  const record = { id: a.id, kind, status: null };
  runLog.attacks.push(record);
  provider.post(TARGET_URL, a.raw, a.signature).then((r) => {
    record.status = r.status || r.error;
    attacksTotal.inc({ kind, result: r.status >= 200 && r.status < 300 ? 'accepted' : 'rejected' });
  });
}

// Attacks and redeliveries follow the faults, run or no run.
let attackDue = 0;
let redeliverDue = 0;
setInterval(() => {
  attackDue = faults.attackRate > 0 ? attackDue + (faults.attackRate * TICK_MS) / 1000 : 0;
  for (; attackDue >= 1; attackDue--) sendAttack();
  redeliverDue = redeliveryQueue.length ? redeliverDue + (REDELIVER_RATE * TICK_MS) / 1000 : 0;
  for (; redeliverDue >= 1 && redeliveryQueue.length; redeliverDue--) send(runLog.events.get(redeliveryQueue.shift()).event, 'redelivery');
}, TICK_MS);

/** One run: `requests` events at `rate` per second, open loop; resolves with the summary once all are settled. */
async function generate({ requests, rate, signal, onSent }) {
  runLog = { run: new Date().toISOString(), events: new Map(), acceptedOrder: [], attacks: [] };
  summary = { attempts: 0, latencies: [], statusCodes: {} };
  const t0 = performance.now();
  const sent = await pace({ rate, count: requests, signal, tickMs: TICK_MS, fire: (n) => {
    const event = provider.makeEvent(n - 1, Math.floor(Date.now() / 1000));
    runLog.events.set(event.id, { event, accepted: false });
    send(event, 'first', signal);
    onSent(n);
  } });
  while (pending.size) await Promise.allSettled([...pending]);
  const seconds = (performance.now() - t0) / 1000;
  const events = [...runLog.events.values()];
  const accepted = events.filter((e) => e.accepted).length;
  return {
    sent,
    accepted,
    rejected: sent - accepted, // given up on after 5 attempts
    errors: (summary.statusCodes.timeout || 0) + (summary.statusCodes.network || 0),
    attempts: summary.attempts,
    durationSeconds: Math.round(seconds * 1000) / 1000,
    achievedRate: Math.round((sent / seconds) * 100) / 100,
    latencyMs: latencySummary(summary.latencies),
    statusCodes: summary.statusCodes,
    attacks: runLog.attacks.length,
  };
}

serveLoad({ port: PORT, name: 'load', generate });

async function setFaults(req, res) {
  const body = await readBodyOrRefuse(req, res, { limit: 1024, emptyAs: {} });
  if (!body) return;
  const problem = unknownKeys(body, Object.keys(DEFAULT_FAULTS)) ||
    integerField(body, 'attackRate', { min: 0, max: 200, required: false }) || integerField(body, 'redeliver', { min: 0, max: 100000, required: false });
  if (problem) return sendProblem(res, problem);
  faults = { ...faults, ...body };
  if (body.redeliver !== undefined) redeliveryQueue = runLog.acceptedOrder.slice(0, body.redeliver);
  sendJson(res, 200, faults);
}

serve({
  name: 'load-admin',
  port: ADMIN_PORT,
  routes: {
    'GET /admin/sent': (req, res) => sendJson(res, 200, {
      run: runLog.run,
      events: [...runLog.events.entries()].map(([id, e]) => ({ id, accepted: e.accepted })),
      attacks: runLog.attacks,
    }),
    'GET /admin/faults': (req, res) => sendJson(res, 200, { ...faults, redeliveriesLeft: redeliveryQueue.length }),
    'POST /admin/faults': setFaults,
    'DELETE /admin/faults': (req, res) => {
      faults = { ...DEFAULT_FAULTS };
      redeliveryQueue = [];
      sendJson(res, 200, faults);
    },
  },
});
