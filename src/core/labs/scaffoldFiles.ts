// The files of a new lab (`breakfix new <id>`): a small, complete lab on the kit that lints clean and
// shows every part an author fills in. Its story: a quote service calls a pricing dependency with no
// timeout; when pricing slows down, every quote waits with it. The fix: a timeout and a fallback price.
// Replace the story, keep the shape (docs/authoring.md).
import { unifiedDiff } from './patch';

export interface ScaffoldVars {
  id: string;
  title: string;
  /** First of the published ports: app, +1 load, +2 Prometheus. */
  port: number;
}

export function scaffoldFiles(v: ScaffoldVars): Record<string, string> {
  const app = v.port;
  const load = v.port + 1;
  const prom = v.port + 2;
  return {
    'lab.yaml': `# yaml-language-server: $schema=../lab.schema.json
format: 1
kit: 1
id: ${v.id}
title: ${v.title}
level: beginner
domains: [latency, timeouts]
summary: >-
  TODO: the system, what goes wrong under which fault, and what the learner must keep true. For this
  scaffold: quotes call a pricing dependency with no timeout, so a slow dependency makes every quote slow.
# The files a check runs from the learner's copy; everything else comes from this lab.
learnerFiles:
  - services/app/src/quote.js
panels:
  - id: quote-p95
    title: p95 time to answer POST /quotes
    query: histogram_quantile(0.95, sum by (le) (rate(app_quote_duration_seconds_bucket[15s])))
    unit: seconds
  - id: quotes
    title: Quotes per second, by outcome
    query: sum by (outcome) (rate(app_quotes_total[15s]))
    unit: reqps
faults:
  - id: slow-pricing
    kind: http
    title: Pricing answers after 2 s
    description: Every price lookup waits 2 s, as a dependency does when its database is overloaded.
    inject: { service: app, port: 8080, path: /admin/faults, method: POST, body: { pricingLatencyMs: 2000 } }
    revert: { service: app, port: 8080, path: /admin/faults, method: POST, body: { pricingLatencyMs: 0 } }
    verify: { probe: { service: app, port: 8080, path: /admin/faults }, expect: { path: pricingLatencyMs, equals: 2000 } }
scenario:
  reset:
    http:
      - { service: app, port: 8080, path: /admin/reset, method: POST }
  load: { service: load, port: 8089, requests: 600, rate: 50 }
  timeline:
    - { at: 3s, fault: slow-pricing, for: 6s }
  drain:
    until: sum(app_quotes_in_flight) == 0
    timeout: 30s
checks:
  - id: quote-p95
    kind: promql
    title: p95 time to answer a quote while pricing is slow
    query: histogram_quantile(0.95, sum by (le) (increase(app_quote_duration_seconds_bucket[$__window])))
    window: { fault: slow-pricing }
    op: '<'
    threshold: 0.5
    unit: seconds
  - id: quotes-answered
    kind: probe
    title: Every quote gets a price (failed quotes over the run)
    probe: { service: app, port: 8080, path: /admin/stats }
    path: failed
    op: '=='
    threshold: 0
    unit: count
constraints:
  - { service: app, replicas: 1 }
hints:
  - Watch quote-p95 while pricing is slow. Whose latency is the quote's?
  - What could a quote answer when pricing does not answer in time?
writeup:
  template: writeup.md
  keyPanels: [quote-p95, quotes]
proof:
  baselineFails: [quote-p95]
  mutants:
    - id: no-fallback
      patch: mutants/no-fallback.patch
      fails: [quotes-answered]
      description: The reference fix's timeout without its fallback. Quotes are fast again, but every one that times out fails instead of answering with the last known price.
`,
    'README.md': `# ${v.title}

TODO: the spec a learner reads first: the system, the incident, what to keep true, how it is measured.

## The system
- \`app\` answers \`POST /quotes {sku}\` with a price from a pricing dependency (\`services/app/src/pricing.js\`).
- \`load\` sends quotes at a steady rate when a check (or you) asks: \`POST 127.0.0.1:${load}/runs\`.
- Prometheus on 127.0.0.1:${prom} scrapes \`app\` every second.

## What a check measures
- \`quote-p95\`: the p95 time to answer a quote while pricing is slow, under 0.5 s.
- \`quotes-answered\`: no quote fails over the run.

## Scaled to a 2-core machine
TODO: the production numbers of the scenario, and how they were scaled.
`,
    'writeup.md': `# Postmortem: ${v.title}

## Symptom

What did users see, when, and how much? Give the numbers.

## Root cause

Why did the system behave that way? Name the code and the mechanism.

## Metric

Which query showed the problem, and which proves it is fixed? Values before and after.

## Fix

What did you change, and why that rather than something else?

## Tradeoff

What did the fix cost, and what is still not covered?

## Interview narrative

The story in five or six sentences: situation, measurement, change, result in numbers, next step.
`,
    'compose.yaml': `# Break/Fix runs it as project breakfix-${v.id} (-p): Compose v1 rejects a top-level name.
services:
  app:
    build: ./services/app
    environment:
      PORT: "8080"
    ports:
      - "127.0.0.1:${app}:8080"
    healthcheck:
      test: ["CMD", "wget", "-qO-", "http://127.0.0.1:8080/healthz"]
      interval: 1s
      timeout: 3s
      retries: 120

  # The load generator, always running: a check (or you) starts a run over HTTP and reads its summary.
  load:
    build: ./services/load
    environment:
      PORT: "8089"
      TARGET_URL: http://app:8080/quotes
    ports:
      - "127.0.0.1:${load}:8089"
    depends_on:
      app: { condition: service_healthy }
    healthcheck:
      test: ["CMD", "wget", "-qO-", "http://127.0.0.1:8089/healthz"]
      interval: 1s
      timeout: 3s
      retries: 120

  prometheus:
    image: prom/prometheus:v2.53.0
    volumes:
      # the image declares a volume here: a named one goes with \`breakfix down\`, an anonymous one would not
      - prometheus-data:/prometheus
      - ./prometheus.yml:/etc/prometheus/prometheus.yml:ro
    ports:
      - "127.0.0.1:${prom}:9090"
    healthcheck:
      test: ["CMD", "wget", "-qO-", "http://127.0.0.1:9090/-/ready"]
      interval: 1s
      timeout: 3s
      retries: 120

volumes:
  prometheus-data:
`,
    'prometheus.yml': `# Scraped every second so that a fault shows up on the charts within a few seconds.
global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s

scrape_configs:
  - job_name: app
    static_configs:
      - targets: ["app:8080"]
`,
    'services/app/Dockerfile': DOCKERFILE,
    'services/load/Dockerfile': DOCKERFILE,
    'services/app/src/index.js': APP_INDEX,
    'services/app/src/pricing.js': APP_PRICING,
    'services/app/src/quote.js': QUOTE_BASELINE,
    'solution/README.md': `# Reference solution\n\nTODO: what was wrong, the fix, the measured before/after (over at least 3 proofs), the tradeoffs.\n`,
    'solution/fix.patch': unifiedDiff('services/app/src/quote.js', QUOTE_BASELINE, QUOTE_SOLUTION),
    'mutants/no-fallback.patch': NO_FALLBACK_PATCH,
    'services/load/src/index.js': LOAD_INDEX,
  };
}

const DOCKERFILE = `# A lab service: the lab kit's image (node, @breakfix/lab-kit and its npm packages; labs/_kit) plus its src/.
FROM breakfix-lab-kit:1
COPY src ./src
`;

const APP_INDEX = `'use strict';
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
`;

const APP_PRICING = `'use strict';
// The pricing dependency, in process so that the scaffold stays one service: price(sku) answers after
// the injected latency (the slow-pricing fault). Replace it with the dependency your lab is about.
let latencyMs = 0;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function price(sku) {
  await sleep(latencyMs + 5);
  return 100 + (sku.length * 7) % 50;
}

module.exports = {
  price,
  setLatency: (ms) => ((latencyMs = ms), { pricingLatencyMs: latencyMs }),
  faults: () => ({ pricingLatencyMs: latencyMs }),
  reset: () => { latencyMs = 0; },
};
`;

const QUOTE_BASELINE = `'use strict';
// A quote: the price of a sku, from the pricing dependency. Resolves {sku, price, source}; throws to fail.
async function quote(sku, pricing) {
  return { sku, price: await pricing.price(sku), source: 'pricing' };
}

module.exports = { quote };
`;

const QUOTE_SOLUTION = `'use strict';
// A quote: the price of a sku, from the pricing dependency, within TIMEOUT_MS. When pricing does not answer
// in time, the last price it gave for that sku (or a list price) answers instead: a slightly stale price
// now beats a fresh one too late.
const TIMEOUT_MS = 200;
const LIST_PRICE = 120;
const lastKnown = new Map();

function withTimeout(promise, ms) {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('pricing timed out')), ms); })]).finally(() => clearTimeout(timer));
}

async function quote(sku, pricing) {
  try {
    const price = await withTimeout(pricing.price(sku), TIMEOUT_MS);
    lastKnown.set(sku, price);
    return { sku, price, source: 'pricing' };
  } catch {
    return { sku, price: lastKnown.get(sku) ?? LIST_PRICE, source: 'fallback' };
  }
}

module.exports = { quote };
`;

/** The mutant: the solution's timeout without its fallback, as a patch against the solution. */
const NO_FALLBACK_PATCH = unifiedDiff(
  'services/app/src/quote.js',
  QUOTE_SOLUTION,
  QUOTE_SOLUTION.replace(
    `  try {
    const price = await withTimeout(pricing.price(sku), TIMEOUT_MS);
    lastKnown.set(sku, price);
    return { sku, price, source: 'pricing' };
  } catch {
    return { sku, price: lastKnown.get(sku) ?? LIST_PRICE, source: 'fallback' };
  }
`,
    `  const price = await withTimeout(pricing.price(sku), TIMEOUT_MS);
  lastKnown.set(sku, price);
  return { sku, price, source: 'pricing' };
`,
  ),
);

const LOAD_INDEX = `'use strict';
// The lab's load generator: quotes for a few skus at a held rate when a check (or you) asks.
//   curl -X POST 127.0.0.1:<port>/runs -d '{"requests": 600, "rate": 50}'; curl 127.0.0.1:<port>/runs/latest
const { openLoop, serveLoad } = require('@breakfix/lab-kit');

const TARGET_URL = process.env.TARGET_URL || 'http://app:8080/quotes';
const SKUS = ['lamp', 'desk', 'chair', 'shelf', 'rug'];

serveLoad({
  port: Number(process.env.PORT || 8089),
  name: 'load',
  generate: (run) => openLoop({ target: TARGET_URL, makeBody: (n) => ({ sku: SKUS[n % SKUS.length] }), ...run }),
});
`;
