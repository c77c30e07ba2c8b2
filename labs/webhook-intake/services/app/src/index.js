'use strict';
// The quote service. POST /quotes {sku} -> 200 {sku, price, source} (quote.js decides how), 400 for a bad body.
//   GET /admin/stats -> {quotes, failed}; POST /admin/reset; GET|POST /admin/faults {pricingLatencyMs}
const { client, readJson, sendJson, sendProblem, serve } = require('@breakfix/lab-kit');
const pricing = require('./pricing');
const { quote } = require('./quote');

const duration = new client.Histogram({ name: 'app_quote_duration_seconds', help: 'Time to answer POST /quotes', buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5] });
const quotesTotal = new client.Counter({ name: 'app_quotes_total', help: 'Quotes answered, by outcome', labelNames: ['outcome'] });
const inFlight = new client.Gauge({ name: 'app_quotes_in_flight', help: 'Quotes being answered right now' });
['ok', 'failed'].forEach((outcome) => quotesTotal.inc({ outcome }, 0));
let stats = { quotes: 0, failed: 0 };

async function postQuote(req, res) {
  const body = await readJson(req, res, { limit: 4096 });
  if (body.problem) return sendProblem(res, body.problem);
  if (typeof body.value.sku !== 'string' || !body.value.sku) return sendJson(res, 400, { error: '"sku" is required', field: 'sku' });
  const stop = duration.startTimer();
  inFlight.inc();
  try {
    const answer = await quote(body.value.sku, pricing);
    stats.quotes++;
    quotesTotal.inc({ outcome: 'ok' });
    sendJson(res, 200, answer);
  } catch (err) {
    stats.failed++;
    quotesTotal.inc({ outcome: 'failed' });
    sendJson(res, 503, { error: err.message });
  } finally {
    inFlight.dec();
    stop();
  }
}

serve({
  name: 'app',
  port: Number(process.env.PORT || 8080),
  routes: {
    'POST /quotes': postQuote,
    'GET /admin/stats': (req, res) => sendJson(res, 200, stats),
    'POST /admin/reset': (req, res) => { stats = { quotes: 0, failed: 0 }; pricing.reset(); sendJson(res, 200, { reset: true }); },
    'GET /admin/faults': (req, res) => sendJson(res, 200, pricing.faults()),
    'POST /admin/faults': async (req, res) => {
      const body = await readJson(req, res, { limit: 1024 });
      if (body.problem) return sendProblem(res, body.problem);
      const latency = body.value.pricingLatencyMs;
      if (!Number.isInteger(latency) || latency < 0 || latency > 60000) return sendJson(res, 400, { error: '"pricingLatencyMs" must be a whole number from 0 to 60000', field: 'pricingLatencyMs' });
      sendJson(res, 200, pricing.setLatency(latency));
    },
  },
});
