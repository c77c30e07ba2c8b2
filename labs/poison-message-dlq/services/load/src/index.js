'use strict';
// The lab's load generator, a long-lived service: a check (or you) starts a run over HTTP, and the
// service places that many orders at that rate on the API (open loop, with the kit's openLoop), then
// reports the summary. The control API is the kit's serveLoad (labs/_kit/README.md):
//
//   curl -X POST 127.0.0.1:38089/runs -d '{"requests": 1000, "rate": 100}'
//   curl 127.0.0.1:38089/runs/latest

const { serveLoad, openLoop } = require('@breakfix/lab-kit');

const PORT = Number(process.env.PORT || 8089);
const TARGET_URL = process.env.TARGET_URL || 'http://api:8080/orders';

// A sale: HOT_SHARE (half) of the orders are for the HOT_SKUS (5) products on promotion, SKU-1 to SKU-5,
// picked at random; the rest spread over all 500 products. So bookings of one hot product often arrive
// close together, and two consumer loops often book the same product at the same time.
const HOT_SHARE = Number(process.env.HOT_SHARE || 0.5);
const HOT_SKUS = Number(process.env.HOT_SKUS || 5);
const SKUS = 500;

/** An order; the poison ones are made by the api's fault, not here. */
const order = (n) => ({
  sku: `SKU-${Math.random() < HOT_SHARE ? Math.floor(Math.random() * HOT_SKUS) + 1 : (n % SKUS) + 1}`,
  qty: (n % 5) + 1,
  amountCents: 199 * ((n % 9) + 1),
});

serveLoad({ port: PORT, name: 'load', generate: (run) => openLoop({ target: TARGET_URL, makeBody: order, ...run }) });
