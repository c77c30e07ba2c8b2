'use strict';
// The load service's control API: a long-lived HTTP server that starts a load run on request and
// reports on it, so a check costs no container start. One run at a time.
//   POST   /runs         {"requests": N, "rate": R}  -> 202 the run (state "running")
//                         409 while another run is going; 400 for a bad body
//   GET    /runs/<id>    -> the run: {id, state, requests, rate, startedAt, finishedAt, sent, summary, error}
//                         state: running | done | failed | stopped; summary once done (see README)
//   GET    /runs/latest  -> the newest run (404 before the first)
//   DELETE /runs/<id>    -> stops a running run (state "stopped", with the summary so far)
//   GET    /healthz      -> 200
// generate({requests, rate, signal, onSent}) does the work and resolves with the summary.

const http = require('node:http');
const { readJson, sendProblem, integerField } = require('./body');

const MAX_BODY_BYTES = 16 * 1024;
const LIMITS = { requests: 1_000_000, rate: 10_000 };

function serve({ port, generate, name }) {
  const runs = new Map();
  let latest = null;
  let seq = 0;

  const view = (r) => ({
    id: r.id, state: r.state, requests: r.requests, rate: r.rate, startedAt: r.startedAt,
    finishedAt: r.finishedAt ?? null, sent: r.sent, summary: r.summary ?? null, error: r.error ?? null,
  });

  function start(requests, rate) {
    const run = { id: String(++seq), state: 'running', requests, rate, startedAt: new Date().toISOString(), sent: 0, controller: new AbortController() };
    runs.set(run.id, run);
    latest = run;
    if (runs.size > 20) runs.delete(runs.keys().next().value);
    console.log(`[${name}] run ${run.id}: ${requests} requests at ${rate}/s`);
    generate({ requests, rate, signal: run.controller.signal, onSent: (n) => { run.sent = n; } }).then(
      (summary) => {
        run.summary = summary;
        run.state = run.controller.signal.aborted ? 'stopped' : 'done';
        console.log(`[${name}] run ${run.id} ${run.state}: ${JSON.stringify(summary)}`);
      },
      (err) => {
        run.state = 'failed';
        run.error = String(err && err.message ? err.message : err);
        console.error(`[${name}] run ${run.id} failed: ${run.error}`);
      },
    ).finally(() => { run.finishedAt = new Date().toISOString(); });
    return run;
  }

  const positive = (body, key) => integerField(body, key, { min: 1, max: LIMITS[key] });

  const send = (res, code, body) => {
    res.writeHead(code, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const server = http.createServer(async (req, res) => {
    const path = new URL(req.url, 'http://localhost').pathname;
    try {
      if (req.method === 'GET' && path === '/healthz') return send(res, 200, { status: 'ok' });
      if (req.method === 'POST' && path === '/runs') {
        // 413 over MAX_BODY_BYTES; 400 unless a JSON object (an empty body is {}: the fields then say what is missing)
        const { value, problem: bad } = await readJson(req, res, { limit: MAX_BODY_BYTES, emptyAs: {} });
        if (bad) return sendProblem(res, bad);
        const problem = positive(value, 'requests') || positive(value, 'rate');
        if (problem) return sendProblem(res, problem);
        if (latest && latest.state === 'running') return send(res, 409, { error: `run ${latest.id} is still going: wait for it, or DELETE /runs/${latest.id}`, run: view(latest) });
        return send(res, 202, view(start(value.requests, value.rate)));
      }
      const m = path.match(/^\/runs\/([^/]+)$/);
      if (m) {
        const run = m[1] === 'latest' ? latest : runs.get(m[1]);
        if (!run) return send(res, 404, { error: `no run ${m[1]}` });
        if (req.method === 'GET') return send(res, 200, view(run));
        if (req.method === 'DELETE') {
          run.controller.abort();
          return send(res, 200, view(run));
        }
      }
      send(res, 404, { error: 'not found' });
    } catch (err) {
      console.error(`[${name}] unexpected error:`, err);
      if (!res.headersSent) send(res, 500, { error: 'internal error' });
    }
  });
  server.listen(port, '0.0.0.0', () => console.log(`[${name}] listening on :${port}`));

  // Node is PID 1 in the container: without a handler SIGTERM would be ignored.
  const shutdown = () => {
    for (const r of runs.values()) r.controller.abort();
    server.close(() => process.exit(0));
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  return server;
}

module.exports = { serve };
