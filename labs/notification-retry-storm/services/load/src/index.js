'use strict';
// The lab's load generator, a long-lived service: a check (or you) starts a run over HTTP, and the
// service sends that many notifications, each with a distinct body, at that rate to the API
// (open loop, autocannon: the lab kit's openLoop), then reports the summary. The API is the kit's serveLoad.
//
//   curl -X POST 127.0.0.1:18089/runs -d '{"requests": 1000, "rate": 100}'
//   curl 127.0.0.1:18089/runs/latest

const { openLoop, serveLoad } = require('@breakfix/lab-kit');

const PORT = Number(process.env.PORT || 8089);
const TARGET_URL = process.env.TARGET_URL || 'http://api:8080/notifications';

/** A notification with its own body: the run's id and its number make each one distinct. */
const notification = (runId) => (n) => ({
  to: `user-${n}@example.com`,
  channel: 'email',
  body: `Your one-time code for request ${runId}-${n} is ${String((n * 7919) % 1000000).padStart(6, '0')}`,
});

serveLoad({
  port: PORT,
  name: 'load',
  generate: (run) => openLoop({ target: TARGET_URL, makeBody: notification(Date.now().toString(36)), ...run }),
});
