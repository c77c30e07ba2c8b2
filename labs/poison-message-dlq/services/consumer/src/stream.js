'use strict';
// The Redis Streams side of the consumer (not a learner file).
//   orders           the stream the API appends to: one field `order` (JSON), plus `redriveOf` on a redrive
//   group fulfilment every consumer loop reads as its own consumer name; a message read and not yet
//                    acknowledged is PENDING (Redis keeps who has it, since when, and how often it was delivered)
//   orders:dlq       the dead-letter queue: {orderId, messageId, payload, reason, receives, at}
//   orders:receives  hash messageId -> times handed to consume() (the lab's own count, for /admin/stats)

const STREAM = 'orders';
const GROUP = 'fulfilment';
const DLQ = 'orders:dlq';
const RECEIVES = 'orders:receives';

async function ensureGroup(redis) {
  try {
    await redis.xgroup('CREATE', STREAM, GROUP, '0', 'MKSTREAM');
  } catch (err) {
    if (!String(err.message).includes('BUSYGROUP')) throw err;
  }
}

function toMessages(entries) {
  return (entries || []).filter((e) => e && e[1]).map(([id, fields]) => {
    const f = {};
    for (let i = 0; i < fields.length; i += 2) f[fields[i]] = fields[i + 1];
    let order;
    try {
      order = JSON.parse(f.order);
    } catch {
      order = f.order;
    }
    return { id, order, raw: f.order, redriveOf: f.redriveOf || null, receives: 1 };
  });
}

/** Pending messages idle for at least `minIdleMs` (their consumer is slow or dead), now ours. */
async function claimStale(conn, consumer, minIdleMs, count) {
  const [, entries] = await conn.xautoclaim(STREAM, GROUP, consumer, minIdleMs, '0-0', 'COUNT', count);
  return toMessages(entries);
}

/** Messages never delivered to anyone in the group; waits up to blockMs. */
async function readNew(conn, consumer, count, blockMs) {
  const res = await conn.xreadgroup('GROUP', GROUP, consumer, 'COUNT', count, 'BLOCK', blockMs, 'STREAMS', STREAM, '>');
  return res ? toMessages(res[0][1]) : [];
}

/** Sets msg.receives from Redis' delivery counter and counts the receive for the lab's stats. */
async function countReceives(redis, batch) {
  const m = redis.multi();
  for (const msg of batch) m.xpending(STREAM, GROUP, msg.id, msg.id, 1).hincrby(RECEIVES, msg.id, 1);
  const res = await m.exec();
  batch.forEach((msg, i) => {
    const row = res[2 * i][1]?.[0];
    msg.receives = row ? Number(row[3]) : 1;
  });
}

function ack(redis, ids) {
  return redis.xack(STREAM, GROUP, ...ids);
}

/** Moves a message to the DLQ with the reason, and acknowledges it: it will not be delivered again. */
function deadLetter(redis, msg, reason) {
  return redis.multi()
    .xadd(DLQ, '*', 'orderId', String(msg.order?.orderId ?? ''), 'messageId', msg.id, 'payload', String(msg.raw ?? ''),
      'reason', reason === undefined || reason === null ? '' : String(reason), 'receives', String(msg.receives), 'at', new Date().toISOString())
    .xack(STREAM, GROUP, msg.id)
    .exec();
}

const idMs = (id) => Number(String(id).split('-')[0]);

/** Backlog and age for the gauges: pending, never delivered (lag), oldest unfinished message, DLQ size. */
async function stats(redis, now = Date.now()) {
  const [[, summary], [, groups], [, dlq], [, pendingRows]] = await redis.multi()
    .xpending(STREAM, GROUP).xinfo('GROUPS', STREAM).xlen(DLQ).xpending(STREAM, GROUP, '-', '+', 1000).exec();
  const g = {};
  const row = (groups || []).map((arr) => {
    const o = {};
    for (let i = 0; i < arr.length; i += 2) o[arr[i]] = arr[i + 1];
    return o;
  }).find((o) => o.name === GROUP) || {};
  Object.assign(g, row);
  const pending = Number(summary?.[0] || 0);
  const oldestPending = pending > 0 ? idMs(summary[1]) : null;
  let lag = g.lag === null || g.lag === undefined ? null : Number(g.lag);
  const next = await redis.xrange(STREAM, `(${g['last-delivered-id'] || '0-0'}`, '+', 'COUNT', 1);
  if (lag === null) lag = next.length ? Number(await redis.xlen(STREAM)) - Number(g['entries-read'] || 0) : 0;
  const oldestNew = next.length ? idMs(next[0][0]) : null;
  const oldest = [oldestPending, oldestNew].filter((t) => t !== null);
  const maxReceives = (pendingRows || []).reduce((m, r) => Math.max(m, Number(r[3])), 0);
  return {
    pending,
    lag: Math.max(0, lag),
    dlq: Number(dlq),
    maxReceives,
    oldestAgeSeconds: oldest.length ? Math.max(0, (now - Math.min(...oldest)) / 1000) : 0,
  };
}

module.exports = { STREAM, GROUP, DLQ, ensureGroup, claimStale, readNew, countReceives, ack, deadLetter, stats };
