'use strict';
// The audit: what each consumer did, compared with the orders that exist. Read straight from the
// tables (the consumers' own effects), so it measures outcomes, not what any service says it did.
//   effects     rows in the consumer's effect table (inventory.reservations, email.sent_emails)
//   unprocessed orders with no effect at this consumer (after a drain: events LOST)
//   phantoms    effects for an order that does not exist (an event for an order that was rolled back)
//   duplicates  effects beyond the first for the same order (an event handled twice)
//   oldestUnprocessedAgeSeconds  age of the oldest order this consumer has not handled yet

const CONSUMERS = {
  inventory: 'inventory.reservations',
  email: 'email.sent_emails',
};

async function auditConsumer(pool, table) {
  const { rows } = await pool.query(`
    SELECT
      (SELECT count(*) FROM ${table})::int AS effects,
      (SELECT count(*) - count(DISTINCT order_id) FROM ${table})::int AS duplicates,
      (SELECT count(*) FROM ${table} e WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.id = e.order_id))::int AS phantoms,
      (SELECT count(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM ${table} e WHERE e.order_id = o.id))::int AS unprocessed,
      (SELECT coalesce(extract(epoch FROM clock_timestamp() - min(o.created_at)), 0) FROM orders o
        WHERE NOT EXISTS (SELECT 1 FROM ${table} e WHERE e.order_id = o.id))::float8 AS oldest`);
  const r = rows[0];
  return { effects: r.effects, unprocessed: r.unprocessed, phantoms: r.phantoms, duplicates: r.duplicates, oldestUnprocessedAgeSeconds: r.oldest };
}

/** {orders, lost, phantoms, duplicates, consumers: {inventory: {...}, email: {...}}}; totals over both consumers. */
async function audit(pool) {
  const { rows } = await pool.query('SELECT count(*)::int AS n FROM orders');
  const consumers = {};
  for (const [name, table] of Object.entries(CONSUMERS)) consumers[name] = await auditConsumer(pool, table);
  const sum = (k) => Object.values(consumers).reduce((s, c) => s + c[k], 0);
  return { orders: rows[0].n, lost: sum('unprocessed'), phantoms: sum('phantoms'), duplicates: sum('duplicates'), consumers };
}

/** The outbox's backlog: rows not sent yet, and the age of the oldest (the relay's lag). */
async function outboxBacklog(pool) {
  const { rows } = await pool.query(`
    SELECT count(*)::int AS unsent,
           coalesce(extract(epoch FROM clock_timestamp() - min(created_at)), 0)::float8 AS oldest
    FROM outbox WHERE sent_at IS NULL`);
  return { unsent: rows[0].unsent, oldestAgeSeconds: rows[0].oldest };
}

/**
 * For each consumer group of the stream: entries not delivered to it yet (after its last-delivered-id)
 * and entries delivered but not acknowledged (pending).
 */
async function streamBacklog(redis, stream) {
  const out = {};
  let groups;
  try {
    groups = await redis.xinfo('GROUPS', stream);
  } catch (err) {
    if (/no such key/i.test(err.message)) return out;
    throw err;
  }
  for (const g of groups) {
    const info = {};
    for (let i = 0; i < g.length; i += 2) info[g[i]] = g[i + 1];
    const after = await redis.xrange(stream, `(${info['last-delivered-id']}`, '+', 'COUNT', 100000);
    out[info.name] = { undelivered: after.length, pending: Number(info.pending) };
  }
  return out;
}

module.exports = { CONSUMERS, audit, outboxBacklog, streamBacklog };
