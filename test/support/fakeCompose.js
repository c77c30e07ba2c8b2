#!/usr/bin/env node
// A fake `docker compose` for unit tests (see fakeCompose.ts). Plain Node, no dependencies, run as
// [process.execPath, this file] so runCompose spawns it like the real CLI (no shell).
//   FAKE_COMPOSE_LOG     file: one JSON line {args, cwd} appended per invocation
//   FAKE_COMPOSE_NOTIFY  URL: POSTed {args} before acting and {args, ended: {exitCode}} after a `run`; the
//                        answer is awaited, so the test's event log sees Compose in order
//   FAKE_COMPOSE_FAIL    comma list of subcommands that fail (exit FAKE_COMPOSE_EXIT, default 1)
//   FAKE_LOAD_MS         how long `run` "sends load" between its first line and its summary (default 500)
'use strict';
const fs = require('node:fs');
const http = require('node:http');

const args = process.argv.slice(2);
const env = process.env;
const WITH_VALUE = new Set(['-f', '--file', '-p', '--project-name', '--project-directory', '--profile', '--env-file', '--name', '-e', '--env']);

function subcommand() {
  for (let i = 0; i < args.length; i++) {
    if (WITH_VALUE.has(args[i])) i++;
    else if (!args[i].startsWith('-')) return args[i];
  }
  return '';
}

/** Values of `-e NAME=VALUE` options. */
function runEnv() {
  const out = {};
  for (let i = 0; i < args.length - 1; i++) {
    if (args[i] !== '-e' && args[i] !== '--env') continue;
    const [k, ...v] = args[i + 1].split('=');
    out[k] = v.join('=');
  }
  return out;
}

function notify(body) {
  const url = env.FAKE_COMPOSE_NOTIFY;
  if (!url) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const command = subcommand();
  if (env.FAKE_COMPOSE_LOG) fs.appendFileSync(env.FAKE_COMPOSE_LOG, JSON.stringify({ args, cwd: process.cwd() }) + '\n');
  if (command === 'version') {
    process.stdout.write('v2.24.6\n');
    return 0;
  }
  const failing = (env.FAKE_COMPOSE_FAIL || '').split(',').map((s) => s.trim()).filter(Boolean);
  if (failing.includes(command)) {
    process.stderr.write(`fake compose: ${command} failed on purpose\n`);
    return Number(env.FAKE_COMPOSE_EXIT || 1);
  }
  await notify({ args });
  if (command === 'run') {
    const e = runEnv();
    const requests = Number(e.REQUESTS || 0);
    const rate = Number(e.RATE || 1);
    process.stdout.write(`load: sending ${requests} requests at ${rate}/s\n`);
    const ms = Number(env.FAKE_LOAD_MS || 500);
    await sleep(ms);
    const summary = {
      sent: requests,
      accepted: requests,
      rejected: 0,
      errors: 0,
      durationSeconds: ms / 1000,
      achievedRate: rate,
      latencyMs: { p50: 3, p95: 9, p99: 12, max: 20 },
    };
    process.stdout.write(JSON.stringify(summary) + '\n');
    await notify({ args, ended: { exitCode: 0 } });
  }
  return 0;
}

// exitCode, not exit(): let stdout drain first.
main().then(
  (code) => (process.exitCode = code),
  (err) => {
    process.stderr.write(`fake compose: ${err && err.stack ? err.stack : err}\n`);
    process.exitCode = 2;
  },
);
