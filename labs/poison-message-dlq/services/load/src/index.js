'use strict';
// The lab's load generator, a long-lived service: a check (or you) starts a run over HTTP, and the
// service places that many orders at that rate on the API (open loop, autocannon: see openLoop.js),
// then reports the summary. See control.js for the API.
//
//   curl -X POST 127.0.0.1:38089/runs -d '{"requests": 1000, "rate": 100}'
//   curl 127.0.0.1:38089/runs/latest

const { serve } = require('./control');
const { openLoop } = require('./openLoop');

const PORT = Number(process.env.PORT || 8089);
const TARGET_URL = process.env.TARGET_URL || 'http://api:8080/orders';

function generate({ requests, rate, signal, onSent }) {
  return openLoop({
    target: TARGET_URL,
    requests,
    rate,
    signal,
    onSent,
    makeBody: (n) => ({ sku: `SKU-${(n % 500) + 1}`, qty: (n % 5) + 1, amountCents: 199 * ((n % 9) + 1) }),
  });
}

serve({ port: PORT, generate, name: 'load' });
