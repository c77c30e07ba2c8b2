'use strict';
// Webhook intake: the billing provider POSTs its signed events here. What the intake does with an event
// is yours: receive.js (the request), signature.js (is it really the provider?), worker.js (work done
// after the answer) and schema.sql (your tables). This file is the lab's: the HTTP server, the tools
// your code gets, the metrics and the audit.
//   POST /webhooks       the provider's events: {id, type, created, data}; header Webhook-Signature.
//                        receive() answers; 413 over 64 KB, 400 for a body that is not a JSON object.
//   GET  /admin/stats    the lab's audit (audit.js): what the provider sent against what happened.
//   POST /admin/reset    drops every table in the schema `intake` (yours), empties the dead letters,
//                        and applies schema.sql again (the checker calls it before each run; never ship this)
//   GET  /healthz, GET /metrics
//
// tools, for receive(), startWorker() and backlog():
//   db                 a pg Pool; search_path is the schema `intake`, where schema.sql creates your tables
//   secret             the webhook signing secret the provider shares with us (WEBHOOK_SECRET)
//   concurrency        WORKER_CONCURRENCY: how many events the worker may deliver at once
//   deliver(event)     credits the paid invoice in the accounts service (the side effect; up to 10 s);
//                      resolves when it was credited, else throws a DeliveryError {status, permanent}
//   deadLetter(event, reason)  sets an event aside for a person, with the reason (table dead_letters)
//   stopping()         true once the service is shutting down

const fs = require('node:fs');
const path = require('node:path');
const { serve, sendJson, sendProblem, readJson, postgres, client, counter } = require('@breakfix/lab-kit');
const { receive } = require('./receive');
const { startWorker, backlog } = require('./worker');
const { audit } = require('./audit');

const PORT = Number(process.env.PORT || 8080);
const DATABASE_URL = process.env.DATABASE_URL || 'postgres://breakfix:breakfix@db:5432/intake';
const ACCOUNTS_URL = process.env.ACCOUNTS_URL || 'http://accounts:8081';
const SENDER_URL = process.env.SENDER_URL || 'http://load:8088';
const WEBHOOK_SECRET = process.env.WEBHOOK_SECRET || 'whsec_lab';
const WORKER_CONCURRENCY = Math.max(1, Number(process.env.WORKER_CONCURRENCY || 4));
const MAX_BODY_BYTES = 64 * 1024;
const DELIVER_TIMEOUT_MS = 10_000;
const SCHEMA = fs.readFileSync(path.join(__dirname, 'schema.sql'), 'utf8');

const db = postgres('intake', DATABASE_URL, { max: Number(process.env.DB_POOL_MAX || 10), options: '-c search_path=intake,public' });

// ---- metrics ------------------------------------------------------------------------------
const OUTCOMES = [{ outcome: 'accepted' }, { outcome: 'rejected' }, { outcome: 'failed' }];
const answers = counter('intake_webhook_requests_total', 'Answers to POST /webhooks: accepted (2xx), rejected (4xx), failed (5xx)', ['outcome'], OUTCOMES);
const answerSeconds = new client.Histogram({
  name: 'intake_webhook_duration_seconds',
  help: 'Time from a webhook request to its answer, by outcome',
  labelNames: ['outcome'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
});
OUTCOMES.forEach((labels) => answerSeconds.zero(labels));
const deliveries = counter('intake_deliveries_total', 'Calls to the accounts service by tools.deliver(), by result', ['result'], [{ result: 'credited' }, { result: 'retryable' }, { result: 'permanent' }]);
const backlogGauge = new client.Gauge({ name: 'intake_backlog', help: 'Events accepted and not settled yet (credited or dead-lettered), as backlog() in worker.js counts them' });
const deadLetters = new client.Gauge({ name: 'intake_dead_letters', help: 'Events in the table dead_letters' });

// ---- tools --------------------------------------------------------------------------------
class DeliveryError extends Error {
  constructor(message, status) {
    super(message);
    this.name = 'DeliveryError';
    this.status = status; // the HTTP status, or null when no answer came (timeout, network)
    // 4xx other than 408 and 429: the accounts service will refuse this event again, however often.
    this.permanent = status !== null && status >= 400 && status < 500 && status !== 408 && status !== 429;
  }
}

async function deliver(event) {
  const invoice = event?.data?.object ?? {};
  let res;
  try {
    res = await fetch(`${ACCOUNTS_URL}/credits`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ eventId: event?.id, account: invoice.account, amountCents: invoice.amount_paid, currency: invoice.currency }),
      signal: AbortSignal.timeout(DELIVER_TIMEOUT_MS),
    });
  } catch (err) {
    deliveries.inc({ result: 'retryable' });
    throw new DeliveryError(`accounts did not answer: ${err.message}`, null);
  }
  const text = await res.text();
  if (res.ok) {
    deliveries.inc({ result: 'credited' });
    return;
  }
  const error = new DeliveryError(`accounts answered ${res.status}: ${text.slice(0, 200)}`, res.status);
  deliveries.inc({ result: error.permanent ? 'permanent' : 'retryable' });
  throw error;
}

async function deadLetter(event, reason) {
  await db.query('INSERT INTO public.dead_letters (event_id, reason, payload) VALUES ($1, $2, $3) ON CONFLICT (event_id) DO NOTHING',
    [String(event?.id ?? ''), String(reason ?? ''), JSON.stringify(event ?? null)]);
}

let stopping = false;
const tools = { db, secret: WEBHOOK_SECRET, concurrency: WORKER_CONCURRENCY, deliver, deadLetter, stopping: () => stopping };

// ---- POST /webhooks -----------------------------------------------------------------------
async function postWebhook(req, res) {
  const stop = answerSeconds.startTimer();
  // read.raw: the exact bytes the provider signed, as the kit's reader received them (it enforces the limit).
  const read = await readJson(req, res, { limit: MAX_BODY_BYTES });
  let status;
  if (read.problem) {
    status = read.problem.status;
    sendProblem(res, read.problem);
  } else {
    let answer;
    try {
      answer = await receive({ headers: req.headers, rawBody: read.raw, body: read.value }, tools);
    } catch (err) {
      console.error(`[intake] receive() threw: ${err.message}`);
      answer = { status: 500, body: { error: err.message } };
    }
    status = Number(answer?.status) || 500;
    sendJson(res, status, answer?.body ?? {});
  }
  const outcome = status < 300 ? 'accepted' : status < 500 ? 'rejected' : 'failed';
  answers.inc({ outcome });
  stop({ outcome });
}

// ---- your schema ----------------------------------------------------------------------------
let schemaError = 'schema.sql not applied yet';
async function applySchema() {
  try {
    await db.query(SCHEMA);
    schemaError = null;
  } catch (err) {
    schemaError = `schema.sql failed: ${err.message}`;
    console.error(`[intake] ${schemaError}`);
  }
}

async function reset(req, res) {
  await db.query('DROP SCHEMA IF EXISTS intake CASCADE; CREATE SCHEMA intake; TRUNCATE public.dead_letters');
  await applySchema();
  if (schemaError) return sendJson(res, 500, { error: schemaError });
  sendJson(res, 200, { reset: true });
}

async function refreshGauges() {
  const [pending, dead] = await Promise.all([backlog(tools), db.query('SELECT count(*)::int AS n FROM public.dead_letters')]);
  backlogGauge.set(Number(pending) || 0);
  deadLetters.set(dead.rows[0].n);
}

serve({
  name: 'intake',
  port: PORT,
  routes: {
    'POST /webhooks': postWebhook,
    'GET /admin/stats': async (req, res) => sendJson(res, 200, await audit({ db, senderUrl: SENDER_URL, accountsUrl: ACCOUNTS_URL })),
    'POST /admin/reset': reset,
  },
  health: {
    db: () => db.query('SELECT 1'),
    schema: () => {
      if (schemaError) throw new Error(schemaError);
    },
  },
  beforeScrape: refreshGauges,
  onShutdown: async () => {
    stopping = true;
    await db.end().catch(() => {});
  },
});

(async () => {
  while (schemaError) {
    await applySchema();
    if (schemaError) await new Promise((r) => setTimeout(r, 1000));
  }
  startWorker(tools);
  console.log(`[intake] schema applied; worker started (WORKER_CONCURRENCY=${WORKER_CONCURRENCY})`);
})();
