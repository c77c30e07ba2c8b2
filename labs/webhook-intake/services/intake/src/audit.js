'use strict';
// The lab's audit (not a learner file): what the provider sent, against what happened to it.
//   the provider (load:8088/admin/sent)  every genuine event of the latest run, and every forged or
//                                        replayed request with the answer it got
//   accounts (accounts:8081/admin/credits)  which events were credited, and how often
//   dead_letters (Postgres)              events set aside with a reason
//   the schema `intake` (your tables)    searched, row by row, for the ids of forged and replayed events
// GET /admin/stats answers:
//   events        genuine events the provider sent (each at least once)
//   credited      of which the accounts service credited; deadLettered: of which are in dead_letters
//   lost          genuine events neither credited nor dead-lettered
//   duplicates    extra credits (an event credited twice counts 1)
//   attacks       forged and replayed requests sent; attacksAccepted: answered 2xx;
//   attacksStored of which any trace is in your tables, in dead_letters or at accounts
//   attacksRejectedPercent  share of attacks answered with no 2xx and leaving no trace

const EVENT_ID = /evt_[A-Za-z0-9]{24}/g;

async function getJson(url) {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return res.json();
}

/** Every event id that appears in any row of the schema `intake` or in dead_letters. */
async function idsInTables(db) {
  const { rows: tables } = await db.query("SELECT quote_ident(table_name) AS name FROM information_schema.tables WHERE table_schema = 'intake' AND table_type = 'BASE TABLE'");
  const found = new Set();
  for (const from of [...tables.map((t) => `intake.${t.name}`), 'public.dead_letters']) {
    const { rows } = await db.query(`SELECT t::text AS row FROM ${from} t`);
    for (const { row } of rows) for (const id of row.match(EVENT_ID) ?? []) found.add(id);
  }
  return found;
}

async function audit({ db, senderUrl, accountsUrl }) {
  const [sent, credits, dead, stored] = await Promise.all([
    getJson(`${senderUrl}/admin/sent`),
    getJson(`${accountsUrl}/admin/credits`),
    db.query('SELECT event_id FROM public.dead_letters'),
    idsInTables(db),
  ]);
  const credited = new Map(Object.entries(credits.byEvent));
  const deadLettered = new Set(dead.rows.map((r) => r.event_id));
  const lostIds = sent.events.map((e) => e.id).filter((id) => !credited.has(id) && !deadLettered.has(id));
  const attacks = sent.attacks;
  const accepted = attacks.filter((a) => a.status >= 200 && a.status < 300);
  const traced = attacks.filter((a) => stored.has(a.id) || credited.has(a.id));
  const letThrough = attacks.filter((a) => (a.status >= 200 && a.status < 300) || stored.has(a.id) || credited.has(a.id));
  const byKind = (list, kind) => list.filter((a) => a.kind === kind).length;
  return {
    run: sent.run,
    events: sent.events.length,
    credited: sent.events.filter((e) => credited.has(e.id)).length,
    deadLettered: sent.events.filter((e) => deadLettered.has(e.id)).length,
    lost: lostIds.length,
    lostSample: lostIds.slice(0, 10),
    duplicates: credits.duplicates,
    attacks: attacks.length,
    forged: byKind(attacks, 'forged'),
    replayed: byKind(attacks, 'replayed'),
    attacksAccepted: accepted.length,
    attacksStored: traced.length,
    attacksLetThrough: { forged: byKind(letThrough, 'forged'), replayed: byKind(letThrough, 'replayed') },
    attacksRejectedPercent: attacks.length ? Math.round((10000 * (attacks.length - letThrough.length)) / attacks.length) / 100 : null,
  };
}

module.exports = { audit };
