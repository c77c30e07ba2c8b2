'use strict';
// Postgres and Redis clients with timeouts, so that a frozen database or queue (a lab fault) makes a call
// fail in seconds instead of hanging a request or a worker loop forever. Options override the defaults.

const { Pool } = require('pg');
const Redis = require('ioredis');

/** A pg Pool: connect within 5 s, every query within 5 s; idle-client errors are logged, never thrown. */
function postgres(name, connectionString, options = {}) {
  const pool = new Pool({ connectionString, max: 4, idleTimeoutMillis: 0, connectionTimeoutMillis: 5000, query_timeout: 5000, ...options });
  pool.on('error', (err) => console.error(`[${name}] postgres idle client error:`, err.message));
  return pool;
}

/** An ioredis client: each command fails after 2 s and 2 retries; connection errors are logged. */
function redis(name, url, options = {}) {
  const client = new Redis(url, { maxRetriesPerRequest: 2, commandTimeout: 2000, ...options });
  client.on('error', (err) => console.error(`[${name}] redis error:`, err.message));
  return client;
}

module.exports = { postgres, redis };
