'use strict';
// ONE delivery attempt: send one notification to the email provider.
// Resolves with the provider's answer ({ messageId }) on a 2xx; throws a DeliveryError otherwise.
// Retrying is not done here: see retry.js.

const PROVIDER_URL = process.env.PROVIDER_URL || 'http://provider:8081';
const TIMEOUT_MS = 2000; // no answer within this time counts as a failed attempt

class DeliveryError extends Error {
  /**
   * @param {string} message
   * @param {{ kind: 'timeout' | 'network' | 'http', status?: number }} details
   */
  constructor(message, { kind, status = null }) {
    super(message);
    this.name = 'DeliveryError';
    this.kind = kind;     // what went wrong
    this.status = status; // the provider's HTTP status, when it answered
  }
}

/**
 * @param {{ id: string, to: string, channel: string, body: string, idempotencyKey: string | null }} notification
 */
async function deliver(notification) {
  try {
    const res = await fetch(`${PROVIDER_URL}/send`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        to: notification.to,
        channel: notification.channel,
        body: notification.body,
        notificationId: notification.id,
      }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const text = await res.text();
    if (!res.ok) {
      throw new DeliveryError(`provider answered ${res.status}: ${text.slice(0, 200)}`, { kind: 'http', status: res.status });
    }
    return JSON.parse(text);
  } catch (err) {
    if (err instanceof DeliveryError) throw err;
    if (err.name === 'TimeoutError') {
      throw new DeliveryError(`provider did not answer within ${TIMEOUT_MS} ms`, { kind: 'timeout' });
    }
    throw new DeliveryError(`provider unreachable: ${err.cause?.code || err.message}`, { kind: 'network' });
  }
}

module.exports = { deliver, DeliveryError, TIMEOUT_MS };
