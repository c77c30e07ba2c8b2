'use strict';
// How a short code becomes its target URL: cache-aside. Look in Redis first; on a miss, ask Postgres and
// keep the answer in Redis for CACHE_TTL_SECONDS, so that the next reader of that code is a cache hit.
//
// index.js calls resolve(code) for every GET /:code (a target, or null for 404) and warm(links) from the
// deploy's warm-up job with the 100 most-clicked links ({code, target}), so that they are hits at once.
// `cache` is an ioredis client, `db.find(code)` the Postgres lookup (a target, or null).

const TTL_SECONDS = Number(process.env.CACHE_TTL_SECONDS || 8);

const key = (code) => `link:${code}`;

function createLinks({ cache, db }) {
  async function resolve(code) {
    const cached = await cache.get(key(code));
    if (cached !== null) return cached;
    const target = await db.find(code);
    if (target !== null) await cache.set(key(code), target, 'EX', TTL_SECONDS);
    return target;
  }

  async function warm(links) {
    const batch = cache.multi();
    for (const { code, target } of links) batch.set(key(code), target, 'EX', TTL_SECONDS);
    await batch.exec();
  }

  return { resolve, warm };
}

module.exports = { createLinks };
