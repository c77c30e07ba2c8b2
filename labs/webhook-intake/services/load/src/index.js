'use strict';
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
