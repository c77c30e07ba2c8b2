'use strict';
// The Redis side of the worker. The API LPUSHes messages '{"id":"<uuid>","enqueuedAt":<ms>}'.
//
//   notifications:queue       waiting messages (taken from the right end: oldest first)
//   notifications:processing  messages a worker loop has taken but not finished (BLMOVE),
//                             so a crash or a kill loses nothing: they go back on restart
//   notifications:delayed     sorted set of messages waiting for a retry, scored by when they are
//                             due; due messages go back to the queue (at the back of the line).
//                             A retried message carries the attempts made so far:
//                             '{"id":..,"enqueuedAt":..,"attempts":3}'
//   notifications:retrying    sorted set: id of every notification that has been retried and is not
//                             finished yet, scored by when it was first enqueued (for the age gauge)
//   notifications:dead        the dead-letter queue: notifications set aside for good, with the reason
//                             '{"id":..,"reason":..,"attempts":..,"at":"<ISO time>"}'
//   notifications:malformed   messages that can never be processed, with the reason
//
// Putting processing messages back at startup is only safe with ONE worker replica
// (the lab's constraints keep it at one).

const QUEUE = 'notifications:queue';
const PROCESSING = 'notifications:processing';
const DELAYED = 'notifications:delayed';
const RETRYING = 'notifications:retrying';
const DEAD = 'notifications:dead';
const MALFORMED = 'notifications:malformed';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Returns { id, enqueuedAt, attempts } or { reason } for a raw queue message. */
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
  const attempts = Number.isInteger(msg.attempts) && msg.attempts > 0 ? msg.attempts : 0;
  return { id: msg.id, enqueuedAt, attempts };
}

/** Waits up to `seconds` for a message and moves it to the processing list. null if none. */
function take(conn, seconds) {
  return conn.blmove(QUEUE, PROCESSING, 'RIGHT', 'LEFT', seconds);
}

/** The message is done (delivered, failed or skipped). */
function ack(redis, raw, id) {
  return redis.multi().lrem(PROCESSING, 1, raw).zrem(RETRYING, id || '').exec();
}

/** Puts the message back at the front of the queue (the next one to be taken). */
function requeue(redis, raw) {
  return redis.multi().lrem(PROCESSING, 1, raw).rpush(QUEUE, raw).exec();
}

/**
 * Takes the message out of processing and parks it in notifications:delayed until `dueAt` (ms).
 * The parked copy records how many attempts have been made so far.
 */
function schedule(redis, raw, { id, enqueuedAt, attempts }, dueAt) {
  const parked = JSON.stringify({ id, enqueuedAt, attempts });
  const m = redis.multi().lrem(PROCESSING, 1, raw).zadd(DELAYED, Math.round(dueAt), parked);
  if (Number.isFinite(enqueuedAt)) m.zadd(RETRYING, 'NX', enqueuedAt, id);
  return m.exec();
}

/** Moves up to `limit` due messages from notifications:delayed to the back of the queue. */
const PROMOTE_LUA = `
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
for _, raw in ipairs(due) do
  redis.call('ZREM', KEYS[1], raw)
  redis.call('LPUSH', KEYS[2], raw)
end
return #due`;
function promoteDue(redis, now = Date.now(), limit = 1000) {
  return redis.eval(PROMOTE_LUA, 2, DELAYED, QUEUE, now, limit);
}

/** Sets the notification aside for good on notifications:dead, with the reason. */
function deadLetter(redis, raw, { id, reason, attempts }) {
  const entry = JSON.stringify({ id, reason, attempts, at: new Date().toISOString() });
  return redis.multi().lrem(PROCESSING, 1, raw).zrem(RETRYING, id).lpush(DEAD, entry).exec();
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

function enqueuedAtOf(raw) {
  if (raw === null || raw === undefined) return null;
  const { enqueuedAt } = parseMessage(raw);
  return enqueuedAt ?? null;
}

/**
 * Queue depth, messages waiting for a retry, the dead-letter queue's size, and the age in seconds of
 * the oldest unfinished message: waiting, being processed or waiting for a retry.
 * The oldest is found without scanning the queue: first-time messages sit in the queue in the order
 * they arrived (the oldest at the right end), and every retried one is in notifications:retrying.
 */
async function stats(redis, now = Date.now()) {
  const [[, depth], [, rightmost], [, processing], [, delayed], [, oldestRetrying], [, dead]] = await redis
    .multi().llen(QUEUE).lindex(QUEUE, -1).lrange(PROCESSING, 0, -1).zcard(DELAYED)
    .zrange(RETRYING, 0, 0, 'WITHSCORES').llen(DEAD).exec();
  const candidates = [enqueuedAtOf(rightmost), ...processing.map(enqueuedAtOf)];
  if (oldestRetrying.length === 2) candidates.push(Number(oldestRetrying[1]));
  const known = candidates.filter((at) => at !== null && Number.isFinite(at));
  const oldestAt = known.length ? Math.min(...known) : null;
  return {
    depth,
    processing: processing.length,
    delayed,
    dead,
    oldestAgeSeconds: oldestAt === null ? 0 : Math.max(0, (now - oldestAt) / 1000),
  };
}

module.exports = {
  QUEUE, PROCESSING, DELAYED, RETRYING, DEAD, MALFORMED,
  parseMessage, take, ack, requeue, schedule, promoteDue, deadLetter, quarantine, recover, stats,
};
