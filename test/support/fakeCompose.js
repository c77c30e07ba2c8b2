#!/usr/bin/env node
// A fake `docker compose` for unit tests (see fakeCompose.ts). Plain Node, no dependencies, run as
// [process.execPath, this file] so runCompose spawns it like the real CLI (no shell).
//   FAKE_COMPOSE_LOG     file: one JSON line {args, cwd} appended per invocation
//   FAKE_COMPOSE_NOTIFY  URL: POSTed {args} before acting; the answer is awaited, so the test's event log
//                        sees Compose in order
//   FAKE_COMPOSE_FAIL    comma list of subcommands that fail (exit FAKE_COMPOSE_EXIT, default 1)
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
