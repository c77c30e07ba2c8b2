'use strict';
// The lab's load generator, a long-lived service: a check (or you) starts a run over HTTP, and the
// service places that many orders at that rate, retrying like checkout clients (see clients.js),
// then reports the summary. The control API is the lab kit's serveLoad (labs/_kit/README.md).
//
//   curl -X POST 127.0.0.1:28089/runs -d '{"requests": 200, "rate": 20}'
//   curl 127.0.0.1:28089/runs/latest

const { serveLoad } = require('@breakfix/lab-kit');
const { checkoutClients } = require('./clients');

const PORT = Number(process.env.PORT || 8089);
const TARGET_URL = process.env.TARGET_URL || 'http://orders:8080/orders';

serveLoad({ port: PORT, generate: (run) => checkoutClients({ target: TARGET_URL, ...run }), name: 'load' });
