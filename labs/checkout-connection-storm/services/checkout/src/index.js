'use strict';
// A checkout instance: POST /checkout {orderId, sku, qty, amountCents}. checkout.js (yours) decides how it
// uses Postgres; everything in this file is the lab's: the HTTP server, the payment provider's client, and
// what it measures. Three instances (checkout-1..3) run this same image against one Postgres.
//
// What it counts, whatever checkout.js does:
//   checkout_db_connects_total{result}   every connection the pg driver opens to Postgres, by result:
//                                        opened, too_many_clients (SQLSTATE 53300: Postgres refused it
//                                        because max_connections is reached), failed (anything else)
//   checkout_answers_total{status}       answers to POST /checkout, by status code
//   checkout_in_flight                   checkouts being worked on right now
const http = require('node:http');
const pg = require('pg');
const { client, counter, integerField, readJson, sendJson, sendProblem, serve, unknownKeys } = require('@breakfix/lab-kit');

const PORT = Number(process.env.PORT || 8080);
const NAME = process.env.INSTANCE || 'checkout';
const PAYMENTS = new URL(process.env.PAYMENTS_URL || 'http://payments:8081');
const config = {
  maxConnections: Number(process.env.DB_MAX_CONNECTIONS || 30),
  instances: Number(process.env.CHECKOUT_INSTANCES || 3),
};

// ---- the lab's instruments, installed before checkout.js loads its Pool ---------------------------
const connects = counter('checkout_db_connects_total', 'Connections the pg driver tried to open to Postgres, by result (opened, too_many_clients, failed)',
  ['result'], [{ result: 'opened' }, { result: 'too_many_clients' }, { result: 'failed' }]);
const answers = counter('checkout_answers_total', 'Answers to POST /checkout, by status code', ['status'],
  [{ status: '201' }, { status: '503' }, { status: '500' }]);
const inFlight = new client.Gauge({ name: 'checkout_in_flight', help: 'Checkouts being worked on right now' });

// Every pg connection (a Pool's too) is opened by Client#_connect: count each one by its result.
const openConnection = pg.Client.prototype._connect;
let lastRefusal = 0;
pg.Client.prototype._connect = function countedConnect(callback) {
  return openConnection.call(this, (err) => {
    if (!err) connects.inc({ result: 'opened' });
    else if (err.code === '53300') {
      connects.inc({ result: 'too_many_clients' });
      if (Date.now() - lastRefusal > 1000) {
        lastRefusal = Date.now();
        console.error(`[${NAME}] Postgres refused a connection: ${err.message}`);
      }
    } else connects.inc({ result: 'failed' });
    callback(err);
  });
};

// ---- the payment provider's client -------------------------------------------------------------------
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const payments = {
  /** Charges the card: resolves {chargeId}; rejects on any answer but 2xx, or none within 5 s. */
  charge({ orderId, amountCents }, { idempotencyKey } = {}) {
    const body = JSON.stringify({ orderId, amountCents });
    const headers = { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) };
    if (idempotencyKey !== undefined) headers['Idempotency-Key'] = String(idempotencyKey);
    return new Promise((resolve, reject) => {
      const req = http.request({ host: PAYMENTS.hostname, port: PAYMENTS.port, path: '/charges', method: 'POST', headers, agent, timeout: 5000 }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          if (res.statusCode < 200 || res.statusCode >= 300) return reject(new Error(`payments answered ${res.statusCode}`));
          try {
            resolve({ chargeId: JSON.parse(Buffer.concat(chunks).toString('utf8')).chargeId });
          } catch {
            reject(new Error('payments answered malformed JSON'));
          }
        });
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error('payments did not answer within 5 s')));
      req.on('error', reject);
      req.end(body);
    });
  },
};

const { createCheckout } = require('./checkout');
const shop = createCheckout({ databaseUrl: process.env.DATABASE_URL, config, payments });

// ---- POST /checkout ------------------------------------------------------------------------------------
const ORDER_ID = /^ord-[A-Za-z0-9-]{1,64}$/;
const SKU = /^sku-[0-9]{1,6}$/;
function invalid(order) {
  const bad = unknownKeys(order, ['orderId', 'sku', 'qty', 'amountCents']);
  if (bad) return bad;
  if (typeof order.orderId !== 'string' || !ORDER_ID.test(order.orderId)) return { status: 400, error: '"orderId" must look like ord-<letters, digits, dashes>', field: 'orderId' };
  if (typeof order.sku !== 'string' || !SKU.test(order.sku)) return { status: 400, error: '"sku" must look like sku-<digits>', field: 'sku' };
  return integerField(order, 'qty', { min: 1, max: 10 }) || integerField(order, 'amountCents', { min: 1, max: 10_000_000 });
}

let lastError = 0;
async function postCheckout(req, res) {
  const { value: order, problem } = await readJson(req, res, { limit: 4096 });
  if (problem) return sendProblem(res, problem);
  const bad = invalid(order);
  if (bad) return sendProblem(res, bad);
  inFlight.inc();
  try {
    const { status, headers = {}, body = {} } = await shop.checkout(order);
    res.writeHead(status, { ...headers, 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
    answers.inc({ status: String(status) });
  } catch (err) {
    if (Date.now() - lastError > 1000) {
      lastError = Date.now();
      console.error(`[${NAME}] checkout ${order.orderId} failed: ${err.message}`);
    }
    if (!res.headersSent) sendJson(res, 500, { error: err.message });
    answers.inc({ status: '500' });
  } finally {
    inFlight.dec();
  }
}

serve({
  name: NAME,
  port: PORT,
  routes: { 'POST /checkout': postCheckout },
  // Ready when the learner's code says so (createCheckout's optional ready(): a warm pool, say).
  health: { ready: () => shop.ready?.() },
  onShutdown: () => shop.close?.(),
});
