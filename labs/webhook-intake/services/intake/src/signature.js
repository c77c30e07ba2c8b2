'use strict';
// Is this request really from the billing provider? The provider signs every request it sends:
//
//   Webhook-Signature: t=1733261234,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd
//
// t is the Unix time (seconds) when the provider sent the request, and v1 the hex HMAC-SHA256, with
// the shared secret, of the string "<t>.<the request body>". During a secret rotation the header holds
// several v1 values; the request is genuine when any of them matches.
//
// request: { headers (names in lower case), rawBody (a Buffer: the body exactly as received), body (it, parsed) }

const crypto = require('node:crypto');

/** null when the request is signed by the provider, else the reason to refuse it. */
function verifySignature(request, secret) {
  const header = request.headers['webhook-signature'] || '';
  const parts = Object.fromEntries(header.split(',').map((kv) => kv.split('=')));
  const signed = `${parts.t}.${JSON.stringify(request.body)}`;
  const expected = crypto.createHmac('sha256', secret).update(signed).digest('hex');
  if (parts.v1 !== expected) return 'signature does not match';
  return null;
}

module.exports = { verifySignature };
