'use strict';
// Validation for POST /notifications. Returns { value } or { error, field }.
// Nothing is stored or enqueued unless this returns { value }. The body reader (body.js) has already
// parsed the JSON, made sure it is an object and refused NUL characters and non-finite numbers.

const CHANNELS = ['email', 'sms', 'push'];
const MAX_BODY_BYTES = 64 * 1024; // the notification's `body` field, UTF-8 encoded
const MAX_TO_LENGTH = 320;
const MAX_KEY_LENGTH = 255;

function fail(error, field = null) {
  return { error, field };
}

function requiredString(obj, field, maxLength) {
  if (!(field in obj) || obj[field] === null || obj[field] === undefined) {
    return fail(`"${field}" is required`, field);
  }
  if (typeof obj[field] !== 'string') return fail(`"${field}" must be a string`, field);
  if (obj[field].trim() === '') return fail(`"${field}" must not be empty`, field);
  if (maxLength && obj[field].length > maxLength) {
    return fail(`"${field}" must be at most ${maxLength} characters`, field);
  }
  return null;
}

/** @param {object} input the request body, parsed */
function validateNotification(input) {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return fail('request body must be a JSON object');
  }

  const problem =
    requiredString(input, 'to', MAX_TO_LENGTH) ||
    requiredString(input, 'channel') ||
    requiredString(input, 'body');
  if (problem) return problem;

  if (!CHANNELS.includes(input.channel)) {
    return fail(`"channel" must be one of ${CHANNELS.join(', ')}`, 'channel');
  }
  if (Buffer.byteLength(input.body, 'utf8') > MAX_BODY_BYTES) {
    return fail(`"body" must be at most ${MAX_BODY_BYTES} bytes`, 'body');
  }

  let idempotencyKey = null;
  if (input.idempotencyKey !== undefined && input.idempotencyKey !== null) {
    if (typeof input.idempotencyKey !== 'string') {
      return fail('"idempotencyKey" must be a string', 'idempotencyKey');
    }
    if (input.idempotencyKey === '' || input.idempotencyKey.length > MAX_KEY_LENGTH) {
      return fail(`"idempotencyKey" must be 1 to ${MAX_KEY_LENGTH} characters`, 'idempotencyKey');
    }
    idempotencyKey = input.idempotencyKey;
  }

  return { value: { to: input.to, channel: input.channel, body: input.body, idempotencyKey } };
}

module.exports = { validateNotification, MAX_BODY_BYTES, CHANNELS };
