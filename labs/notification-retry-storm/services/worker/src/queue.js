'use strict';
// The Redis side of the worker. The API LPUSHes messages '{"id":"<uuid>","enqueuedAt":<ms>}'.
//
//   notifications:queue       waiting messages (oldest at the right end)
//   notifications:processing  messages a worker loop has taken but not finished (BLMOVE),
//                             so a crash or a kill loses nothing: they go back on restart
//   notifications:malformed   messages that can never be processed, with the reason
//
// Putting processing messages back at startup is only safe with ONE worker replica
// (the lab's constraints keep it at one).

const QUEUE = 'notifications:queue';
const PROCESSING = 'notifications:processing';
const MALFORMED = 'notifications:malformed';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Returns { id, enqueuedAt } or { reason } for a raw queue message. */
function parseMessage(raw) {
  let msg;
  try {
    msg = JSON.parse(raw);
  } catch {
    return { reason: 'not JSON' };
  }
  if (msg === null || typeof msg !== 'object') return { reason: 'not a JSON object' };
  if (typeof msg.id !== 'string' || !UUID_RE.test(msg.id)) return { reason: 'id missing or not a UUID' };
  const enqueuedAt = Number.isFinite(msg.enqueuedAt) ? msg.enqueuedAt : null;
  return { id: msg.id, enqueuedAt };
}

/** Waits up to `seconds` for a message and moves it to the processing list. null if none. */
function take(conn, seconds) {
  return conn.blmove(QUEUE, PROCESSING, 'RIGHT', 'LEFT', seconds);
}

/** The message is done (delivered, failed or skipped). */
function ack(redis, raw) {
  return redis.lrem(PROCESSING, 1, raw);
}

/** Puts the message back at the front of the queue (the next one to be taken). */
function requeue(redis, raw) {
  return redis.multi().lrem(PROCESSING, 1, raw).rpush(QUEUE, raw).exec();
}

function quarantine(redis, raw, reason) {
  const entry = JSON.stringify({ raw, reason, at: new Date().toISOString() });
  return redis.multi().lrem(PROCESSING, 1, raw).lpush(MALFORMED, entry).exec();
}

/** At startup: everything left in processing by a previous run goes back to the queue. */
async function recover(redis) {
  let moved = 0;
  while ((await redis.lmove(PROCESSING, QUEUE, 'LEFT', 'RIGHT')) !== null) moved++;
  return moved;
}

/** Queue depth and the age in seconds of the oldest message still waiting or in processing. */
async function stats(redis, now = Date.now()) {
  const [[, depth], [, oldestWaiting], [, processing]] = await redis
    .multi().llen(QUEUE).lindex(QUEUE, -1).lrange(PROCESSING, 0, -1).exec();
  let oldestAt = null;
  for (const raw of [oldestWaiting, ...processing]) {
    if (raw === null) continue;
    const { enqueuedAt } = parseMessage(raw);
    if (enqueuedAt !== null && enqueuedAt !== undefined && (oldestAt === null || enqueuedAt < oldestAt)) oldestAt = enqueuedAt;
  }
  return { depth, processing: processing.length, oldestAgeSeconds: oldestAt === null ? 0 : Math.max(0, (now - oldestAt) / 1000) };
}

module.exports = { QUEUE, PROCESSING, MALFORMED, parseMessage, take, ack, requeue, quarantine, recover, stats };
