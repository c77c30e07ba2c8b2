'use strict';
// The load service's control API: a long-lived HTTP server that starts a load run on request and
// reports on it, so a check costs no container start. One run at a time. A lab's load service is
//   serveLoad({ port: 8089, name: 'load', generate: (run) => openLoop({ target, makeBody, ...run }) });
//   POST   /runs         {"requests": N, "rate": R}  -> 202 the run (state "running")
//                         409 while another run is going; 400 for a bad body
//   GET    /runs/<id>    -> the run: {id, state, requests, rate, startedAt, finishedAt, sent, summary, error}
//                         state: running | done | failed | stopped; summary once done (see README)
//   GET    /runs/latest  -> the newest run (404 before the first)
//   DELETE /runs/<id>    -> stops a running run (state "stopped", with the summary so far)
//   GET    /healthz      -> 200; GET /metrics
// generate({requests, rate, signal, onSent}) does the work and resolves with the summary.

const { readJson, sendProblem, integerField } = require('../body');
const { sendJson: send, serve } = require('../http');

const MAX_BODY_BYTES = 16 * 1024;
const LIMITS = { requests: 1_000_000, rate: 10_000 };

function serveLoad({ port, generate, name }) {
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
  const find = (res, id) => {
    const run = id === 'latest' ? latest : runs.get(id);
    if (!run) send(res, 404, { error: `no run ${id}` });
    return run;
  };

  return serve({
    name,
    port,
    routes: {
      'POST /runs': async (req, res) => {
        // 413 over MAX_BODY_BYTES; 400 unless a JSON object (an empty body is {}: the fields then say what is missing)
        const { value, problem: bad } = await readJson(req, res, { limit: MAX_BODY_BYTES, emptyAs: {} });
        if (bad) return sendProblem(res, bad);
        const problem = positive(value, 'requests') || positive(value, 'rate');
        if (problem) return sendProblem(res, problem);
        if (latest && latest.state === 'running') return send(res, 409, { error: `run ${latest.id} is still going: wait for it, or DELETE /runs/${latest.id}`, run: view(latest) });
        return send(res, 202, view(start(value.requests, value.rate)));
      },
      'GET /runs/:id': (req, res, { id }) => {
        const run = find(res, id);
        if (run) send(res, 200, view(run));
      },
      'DELETE /runs/:id': (req, res, { id }) => {
        const run = find(res, id);
        if (!run) return;
        run.controller.abort();
        send(res, 200, view(run));
      },
    },
    onShutdown: () => {
      for (const r of runs.values()) r.controller.abort();
    },
  });
}

module.exports = { serveLoad };
