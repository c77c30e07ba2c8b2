'use strict';
// The billing provider's side of a webhook: its events, its signature, and how it delivers.
// - An event is encoded as the provider's (Python) JSON library writes it: compact, with every
//   character beyond ASCII escaped ("Zo\u00eb"). One customer in ten has such a name.
// - Webhook-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>"> (Stripe's scheme). Every
//   attempt is signed again, with its own t.
// - An attempt waits at most 2 s for an answer. Anything but a 2xx (or no answer) is retried after
//   0.5, 1, 2 and 4 s; after 5 failed attempts the provider gives up on the event.

const crypto = require('node:crypto');
const { sleep } = require('@breakfix/lab-kit');

const TIMEOUT_MS = 2000;
const BACKOFF_MS = [500, 1000, 2000, 4000];
const NAMES = ['Ada Lovelace', 'Grace Hopper', 'Alan Turing', 'Edsger Dijkstra', 'Barbara Liskov', 'Donald Knuth', 'Frances Allen',
  'John Backus', 'Zoë Müller', 'Radia Perlman', 'Ken Thompson', 'Margaret Hamilton', 'Leslie Lamport', 'Niklaus Wirth', 'Tony Hoare',
  'Adele Goldberg', 'Dennis Ritchie', 'José Núñez', 'Jim Gray', 'Karen Sparck Jones'];
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A Stripe-like id: the prefix and 24 random letters and digits. */
function newId(prefix) {
  const bytes = crypto.randomBytes(24);
  return `${prefix}_${Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join('')}`;
}

/** The n-th invoice.paid event of a run; one in 50 is for a closed account (acct_9xxx). */
function makeEvent(n, createdSeconds) {
  const account = n % 50 === 49 ? `acct_9${String(n % 1000).padStart(3, '0')}` : `acct_${String(((n * 37) % 200) + 1).padStart(4, '0')}`;
  return {
    id: newId('evt'),
    type: 'invoice.paid',
    created: createdSeconds,
    data: { object: { id: newId('in'), account, customer_name: NAMES[n % NAMES.length], amount_paid: 500 + ((n * 7919) % 9500), currency: 'eur' } },
  };
}

/** JSON as the provider writes it: compact, non-ASCII escaped as \uXXXX. */
function encode(event) {
  return JSON.stringify(event).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function sign(raw, secret, t = Math.floor(Date.now() / 1000)) {
  return `t=${t},v1=${crypto.createHmac('sha256', secret).update(`${t}.${raw}`).digest('hex')}`;
}

/** One attempt: {status, ms} (status 0 and `error` when no answer came). */
async function post(target, raw, signature) {
  const t0 = performance.now();
  try {
    const res = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json', 'webhook-signature': signature }, body: raw, signal: AbortSignal.timeout(TIMEOUT_MS) });
    await res.arrayBuffer().catch(() => null);
    return { status: res.status, ms: performance.now() - t0 };
  } catch (err) {
    return { status: 0, error: err.name === 'TimeoutError' ? 'timeout' : 'network', ms: performance.now() - t0 };
  }
}

/**
 * Delivers an event the way the provider does: signed afresh for each attempt, retried until a 2xx or
 * 5 failed attempts. onAttempt(result, attemptNumber) sees each attempt. Resolves true when accepted.
 */
async function deliver({ target, secret, event, onAttempt, signal }) {
  const raw = encode(event);
  for (let attempt = 1; ; attempt++) {
    const result = await post(target, raw, sign(raw, secret));
    onAttempt(result, attempt);
    if (result.status >= 200 && result.status < 300) return true;
    if (attempt > BACKOFF_MS.length || signal?.aborted) return false;
    await sleep(BACKOFF_MS[attempt - 1]);
  }
}

/**
 * An attacker's request, with a new event id each: `forged` is signed with a wrong secret or carries a
 * genuine signature over another body; `replayed` is a genuine request captured an hour ago (say, from
 * a leaked log), sent again as it was: valid signature, old timestamp.
 */
function attack(kind, n, secret) {
  const event = makeEvent(n, Math.floor(Date.now() / 1000));
  event.data.object.amount_paid = 1_000_000;
  const raw = encode(event);
  if (kind === 'replayed') {
    const then = Math.floor(Date.now() / 1000) - 3600 - (n % 600);
    event.created = then;
    const old = encode(event);
    return { id: event.id, raw: old, signature: sign(old, secret, then) };
  }
  const genuineHeader = sign(encode(makeEvent(n, event.created)), secret);
  return { id: event.id, raw, signature: n % 2 ? sign(raw, `${secret}-guessed`) : genuineHeader };
}

module.exports = { makeEvent, encode, sign, post, deliver, attack, TIMEOUT_MS };
