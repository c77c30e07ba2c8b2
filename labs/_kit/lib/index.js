'use strict';
// @breakfix/lab-kit, version 1: the runtime that every lab service shares. Documented in ../README.md.
// A lab service's image is `FROM breakfix-lab-kit:1` plus its own src/; `require('@breakfix/lab-kit')`.

const body = require('./body');
const http = require('./http');
const idempotency = require('./idempotency');
const metrics = require('./metrics');
const stores = require('./stores');
const { serveLoad } = require('./load/control');
const { openLoop } = require('./load/openLoop');
const { pace, latencySummary } = require('./load/pace');

module.exports = { ...body, ...http, ...idempotency, ...metrics, ...stores, serveLoad, openLoop, pace, latencySummary };
