'use strict';
// JSON over HTTP for lab services: answers, timeouts, and serve(): a server with routes, the ops endpoints
// (GET /healthz, GET /metrics) and a clean shutdown on SIGTERM.
//
//   serve({
//     name: 'api', port: 8080,
//     routes: { 'POST /orders': placeOrder, 'GET /orders/:id': (req, res, { id }) => ... },
//     health: { db: () => pool.query('SELECT 1'), queue: () => redis.ping() },
//     beforeScrape: refreshGauges,            // optional: before each /metrics
//     onShutdown: () => pool.end(),           // optional: after the server stops taking requests
//   });

const http = require('node:http');
const { client } = require('./metrics');

function sendJson(res, status, payload) {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(payload));
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The promise, or an Error "<what> timed out after <ms> ms" once ms have passed. */
function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Runs each named check (a function returning a promise) within 1 s: {ok, checks: {name: 'ok' | reason}}. */
async function healthOf(checks) {
  const results = {};
  await Promise.all(Object.entries(checks).map(([name, check]) =>
    withTimeout(Promise.resolve().then(check), 1000, name).then(() => { results[name] = 'ok'; }, (err) => { results[name] = err.message; })));
  return { ok: Object.values(results).every((r) => r === 'ok'), checks: results };
}

/** Routes like 'GET /runs/:id' as matchers: (method, path) -> params, or null. */
function compile(routes) {
  return Object.entries(routes).map(([key, handler]) => {
    const [method, pattern] = key.split(' ');
    const names = [];
    const re = new RegExp(`^${pattern.replace(/:([a-zA-Z]+)/g, (_, n) => { names.push(n); return '([^/]+)'; })}$`);
    return { method, re, names, handler };
  });
}

/** The route's named path segments, decoded; null when one is not valid percent-encoding (a 400). */
function decodeParams(names, match) {
  try {
    return Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(match[i + 1])]));
  } catch {
    return null;
  }
}

/**
 * Serves `routes` plus GET /healthz and GET /metrics on `port`. A handler gets (req, res, params, url); one
 * that throws gets a 500 and a log line, never a crashed service. Unknown paths get 404 JSON.
 * Node runs as PID 1 in the container: without the SIGTERM handler here, `docker stop` would wait 10 s.
 */
function serve({ name, port, routes = {}, health = {}, beforeScrape, onShutdown }) {
  const table = compile(routes);
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    try {
      if (req.method === 'GET' && url.pathname === '/healthz') {
        const h = await healthOf(health);
        return sendJson(res, h.ok ? 200 : 503, { status: h.ok ? 'ok' : 'unhealthy', checks: h.checks });
      }
      if (req.method === 'GET' && url.pathname === '/metrics') {
        // A gauge read at scrape time keeps its last value when its source does not answer.
        if (beforeScrape) await beforeScrape().catch((err) => console.error(`[${name}] metrics not refreshed:`, err.message));
        res.writeHead(200, { 'Content-Type': client.register.contentType });
        return res.end(await client.register.metrics());
      }
      for (const r of table) {
        const m = req.method === r.method && r.re.exec(url.pathname);
        if (!m) continue;
        const params = decodeParams(r.names, m);
        if (!params) return sendJson(res, 400, { error: `malformed percent-encoding in ${url.pathname}` });
        return await r.handler(req, res, params, url);
      }
      sendJson(res, 404, { error: `no route ${req.method} ${url.pathname}` });
    } catch (err) {
      console.error(`[${name}] unexpected error on ${req.method} ${url.pathname}:`, err);
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.end();
    }
  });
  server.listen(port, '0.0.0.0', () => console.log(`[${name}] listening on :${port}`));

  let stopping = false;
  const shutdown = async (signal) => {
    if (stopping) return;
    stopping = true;
    console.log(`[${name}] ${signal}: shutting down`);
    setTimeout(() => process.exit(0), 5000).unref();
    server.close();
    server.closeIdleConnections();
    await Promise.resolve(onShutdown?.()).catch((err) => console.error(`[${name}] shutdown:`, err.message));
    process.exit(0);
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  return server;
}

module.exports = { sendJson, sleep, withTimeout, healthOf, serve };
