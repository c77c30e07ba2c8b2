'use strict';
// Request bodies: every lab service that reads an HTTP request body reads it here.
//
//   const { readJson, sendProblem } = require('@breakfix/lab-kit');
//   const body = await readJson(req, res, { limit: 64 * 1024 });
//   if (body.problem) return sendProblem(res, body.problem); // 413 or 400, {error, field}
//   // body.value is a JSON object; body.raw is the exact bytes received (a Buffer), for a signature
//
// What it guarantees, whatever a client sends:
// - Memory: at most `limit` bytes are held. A Content-Length over the limit is refused before a byte
//   is read; a body without one (chunked) is cut off as soon as it passes the limit. Either way the
//   answer is 413 with `Connection: close`, the rest of the upload is never read, and the socket is
//   destroyed once the answer is flushed, so a 500 MB upload costs no memory and no CPU.
// - Shape: malformed JSON, and a body that is not a JSON object (null, an array, a number), are a 400.
// - Content: no string, key or value, holds U+0000 (Postgres text cannot store it, and no honest
//   client sends it), and every number is finite (JSON.parse turns 1e400 into Infinity).
// Per-field rules stay with each service; integerField() and unknownKeys() cover the common ones.
// A problem is {status, error, field}: field is the JSON path ("qty", "set.qty", "items[2]"), or null
// when the problem is the body as a whole.

/**
 * Reads and parses the request's JSON body. Never rejects: resolves {value, raw} or {problem}; raw is the
 * body's bytes as received (a Buffer of at most `limit` bytes), for an HMAC computed over them.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res  the answer to req: a 413 must close its connection
 * @param {{limit: number, emptyAs?: object}} options  limit in bytes; emptyAs: the value of an empty
 *   body (when not given, an empty body is malformed JSON)
 */
function readJson(req, res, { limit, emptyAs }) {
  return new Promise((resolve) => {
    const declared = req.headers['content-length'];
    if (declared !== undefined && Number(declared) > limit) return resolve({ problem: tooLarge(req, res, limit) });

    const chunks = [];
    let size = 0;
    let settled = false;
    const settle = (result) => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAbort);
      req.off('close', onAbort);
      resolve(result);
    };
    const onData = (chunk) => {
      size += chunk.length;
      if (size > limit) return settle({ problem: tooLarge(req, res, limit) });
      chunks.push(chunk);
    };
    const onEnd = () => {
      const raw = Buffer.concat(chunks);
      const parsed = parse(raw.toString('utf8'), emptyAs);
      settle(parsed.problem ? parsed : { ...parsed, raw });
    };
    // The client went away mid-body: nobody will read the answer, but the caller still gets a result.
    const onAbort = () => settle({ problem: problem(400, 'the request body was not received in full', null) });
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onAbort);
    req.on('close', onAbort);
  });
}

// How long a refused upload's connection stays half-open after the 413 is flushed (see tooLarge).
const LINGER_MS = 500;

/**
 * Stops reading the upload and makes the answer close the connection. Node would otherwise read (and
 * discard) the rest of the body to keep the connection alive, which for 500 MB takes long and for a
 * body that never ends takes forever.
 * How it closes matters: Node ends a `Connection: close` answer with socket.destroySoon(), a close
 * right after the flush. With unread upload bytes that close is a reset (RST), and a reset can
 * overtake the answer in a proxy (Docker's published ports are one): the client would see no 413 at
 * all. So this socket's destroySoon() half-closes (FIN after the answer: the client reads the 413,
 * then the end) and destroys the socket LINGER_MS later. Until then nothing more is read.
 */
function tooLarge(req, res, limit) {
  req.pause();
  res.setHeader('Connection', 'close');
  const socket = req.socket;
  socket.destroySoon = () => {
    socket.end();
    const timer = setTimeout(() => socket.destroy(), LINGER_MS);
    socket.once('close', () => clearTimeout(timer));
  };
  res.once('finish', () => req.pause()); // Node's clean-up resumes a request nobody read, to discard it
  return { ...problem(413, `request body must be at most ${limit} bytes`, null), limit };
}

function parse(text, emptyAs) {
  if (text === '' && emptyAs !== undefined) return { value: structuredClone(emptyAs) };
  let value;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { problem: problem(400, `malformed JSON: ${err.message}`, null) };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const what = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
    return { problem: problem(400, `request body must be a JSON object, not ${what}`, null) };
  }
  const hostile = hostileContent(value);
  return hostile ? { problem: hostile } : { value };
}

/** A problem for the first NUL-holding string or key, or non-finite number, in a parsed JSON value; else null. */
function hostileContent(root) {
  // A loop, not recursion: 64 KB of "[[[[..." nests deeper than the call stack.
  const todo = [[root, null]];
  while (todo.length > 0) {
    const [value, path] = todo.pop();
    if (typeof value === 'string' && value.includes('\u0000')) {
      return problem(400, `${path ? `"${path}"` : 'a string'} must not contain the NUL character (U+0000)`, path);
    }
    if (typeof value === 'number' && !Number.isFinite(value)) {
      return problem(400, `"${path}" must be a finite number (it is beyond ±1.8e308)`, path);
    }
    if (value === null || typeof value !== 'object') continue;
    const isArray = Array.isArray(value);
    for (const [key, item] of Object.entries(value)) {
      const itemPath = isArray ? `${path || ''}[${key}]` : path ? `${path}.${key}` : key;
      if (key.includes('\u0000')) return problem(400, 'a key must not contain the NUL character (U+0000)', itemPath);
      todo.push([item, itemPath]);
    }
  }
  return null;
}

/**
 * A problem when obj[field] is not a whole number from min to max (never beyond Number.MAX_SAFE_INTEGER,
 * where whole numbers stop being exact); null when it is, or when it is absent and not required.
 */
function integerField(obj, field, { min, max = Number.MAX_SAFE_INTEGER, required = true, status = 400 }) {
  const v = Object.hasOwn(obj, field) ? obj[field] : undefined;
  if (v === undefined && !required) return null;
  if (!Number.isSafeInteger(v) || v < min || v > max) {
    return problem(status, `"${field}" must be a whole number from ${min} to ${max}, got ${JSON.stringify(v) ?? 'nothing'}`, field);
  }
  return null;
}

/** A 400 naming the keys of obj that are not in `allowed` (own keys only: "__proto__" included). */
function unknownKeys(obj, allowed) {
  const unknown = Object.keys(obj).filter((k) => !allowed.includes(k));
  if (unknown.length === 0) return null;
  const names = unknown.map((k) => JSON.stringify(k)).join(', ');
  return { ...problem(400, `unknown field${unknown.length > 1 ? 's' : ''} ${names} (allowed: ${allowed.join(', ')})`, unknown[0]), allowed };
}

function problem(status, error, field) {
  return { status, error, field };
}

/**
 * readJson() for a handler that only wants the object: resolves it, or null once the problem (413, 400)
 * has been answered.
 *   const order = await readBodyOrRefuse(req, res, { limit: 64 * 1024, emptyAs: {} });
 *   if (!order) return;
 */
async function readBodyOrRefuse(req, res, options) {
  const body = await readJson(req, res, options);
  if (!body.problem) return body.value;
  sendProblem(res, body.problem);
  return null;
}

/** Answers a problem from readJson(), integerField() or unknownKeys() as JSON {error, field, ...}. */
function sendProblem(res, { status, ...body }) {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

module.exports = { readJson, readBodyOrRefuse, sendProblem, integerField, unknownKeys };
