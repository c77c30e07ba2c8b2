'use strict';
// Prometheus metrics: prom-client with its default process metrics, registered once per process.
// Services define their own counters and gauges on `client` and expose them with serve()'s /metrics.

const client = require('prom-client');

client.collectDefaultMetrics();

/** A counter whose label sets start at 0, so that rate() sees the first event of each kind too. */
function counter(name, help, labelNames = [], zeroes = []) {
  const c = new client.Counter({ name, help, labelNames });
  for (const labels of zeroes) c.inc(labels, 0);
  return c;
}

module.exports = { client, counter };
