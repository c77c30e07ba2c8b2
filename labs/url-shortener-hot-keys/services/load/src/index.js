'use strict';
// The lab's load: people following short links. A run (the kit's serveLoad control API) sends `requests`
// GET /<code> at `rate` per second, open loop: a slow answer never delays the next request. 90% of them go
// to the 100 hot codes, the rest to the other 19,900 links (the long tail). The codes are the ones
// db/init.sql seeds: the first 8 hex digits of md5('link-<n>').
//
// A second port takes the unknown-codes fault: while it is on, bots follow 100 codes that do not exist
// (md5('gone-<n>')), at `unknownRate` per second on top of any run.
//   curl -X POST 127.0.0.1:48089/runs -d '{"requests": 8000, "rate": 400}'; curl 127.0.0.1:48089/runs/latest
//   curl -X POST 127.0.0.1:48088/admin/faults -d '{"unknownRate": 100}'
//
// Every answer is measured here, where a reader would see it: load_responses_total{outcome} and
// load_request_duration_seconds (the redirect latency, including time spent queued in the service).
const http = require('node:http');
const { createHash } = require('node:crypto');
const { client, counter, integerField, latencySummary, pace, readJson, sendJson, sendProblem, serve, serveLoad, unknownKeys } = require('@breakfix/lab-kit');

const TARGET = new URL(process.env.TARGET_URL || 'http://redirect:8080');
const LINKS = 20000;
const HOT = 100;
const HOT_SHARE = 0.9;
const UNKNOWN = 100;
const TIMEOUT_MS = 5000;

const md5code = (prefix, n) => createHash('md5').update(`${prefix}-${n}`).digest('hex').slice(0, 8);
const codes = Array.from({ length: LINKS }, (_, i) => md5code('link', i + 1));
const unknownCodes = Array.from({ length: UNKNOWN }, (_, i) => md5code('gone', i + 1));
const random = (n) => Math.floor(Math.random() * n);
const linkCode = () => (Math.random() < HOT_SHARE ? codes[random(HOT)] : codes[HOT + random(LINKS - HOT)]);

const outcomes = counter('load_responses_total', 'Answers to GET /:code, by outcome: redirect (302), not_found (404), error (any other status, or none within 5 s)',
  ['outcome'], [{ outcome: 'redirect' }, { outcome: 'not_found' }, { outcome: 'error' }]);
const duration = new client.Histogram({
  name: 'load_request_duration_seconds',
  help: 'Time from sending GET /:code to its answer (or to its failure), as the reader sees it',
  buckets: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.75, 1, 1.5, 2, 3, 5],
});

const agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });

/** One GET; resolves with {status, ms} (status null: no answer), never rejects. */
function follow(code) {
  const started = performance.now();
  return new Promise((resolve) => {
    const finish = (status) => {
      const ms = performance.now() - started;
      outcomes.inc({ outcome: status === 302 ? 'redirect' : status === 404 ? 'not_found' : 'error' });
      duration.observe(ms / 1000);
      resolve({ status, ms });
    };
    const req = http.get({ host: TARGET.hostname, port: TARGET.port, path: `/${code}`, agent, timeout: TIMEOUT_MS }, (res) => {
      res.resume();
      res.on('end', () => finish(res.statusCode));
      res.on('error', () => finish(null));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => finish(null));
  });
}

/** A run: the summary the checker reads (labs/_kit/README.md, serveLoad). */
async function run({ requests, rate, signal, onSent }) {
  const answers = [];
  const statusCodes = {};
  const started = performance.now();
  await pace({ rate, count: requests, signal, fire: (n) => {
    answers.push(follow(linkCode()));
    onSent(n);
  } });
  const results = await Promise.all(answers);
  const seconds = (performance.now() - started) / 1000;
  for (const { status } of results) statusCodes[status ?? 'none'] = (statusCodes[status ?? 'none'] || 0) + 1;
  const accepted = (statusCodes[302] || 0) + (statusCodes[404] || 0);
  return {
    sent: results.length,
    accepted,
    rejected: results.length - accepted - (statusCodes.none || 0),
    errors: statusCodes.none || 0,
    durationSeconds: Math.round(seconds * 1000) / 1000,
    achievedRate: Math.round((results.length / seconds) * 100) / 100,
    latencyMs: latencySummary(results.map((r) => r.ms)),
    statusCodes,
  };
}

serveLoad({ port: Number(process.env.PORT || 8089), name: 'load', generate: run });

// ---- the unknown-codes fault ------------------------------------------------------------------------
let flood = { unknownRate: 0, stop: null };
function setFlood(rate) {
  flood.stop?.abort();
  flood = { unknownRate: rate, stop: rate > 0 ? new AbortController() : null };
  if (rate > 0) pace({ rate, signal: flood.stop.signal, fire: () => follow(unknownCodes[random(UNKNOWN)]) });
  return { unknownRate: rate };
}

serve({
  name: 'load-faults',
  port: Number(process.env.FAULTS_PORT || 8088),
  routes: {
    'GET /admin/faults': (req, res) => sendJson(res, 200, { unknownRate: flood.unknownRate }),
    'POST /admin/faults': async (req, res) => {
      const { value, problem } = await readJson(req, res, { limit: 1024 });
      if (problem) return sendProblem(res, problem);
      const bad = unknownKeys(value, ['unknownRate']) || integerField(value, 'unknownRate', { min: 0, max: 1000 });
      if (bad) return sendProblem(res, bad);
      sendJson(res, 200, setFlood(value.unknownRate));
    },
    'DELETE /admin/faults': (req, res) => sendJson(res, 200, setFlood(0)),
  },
});
