'use strict';
// The pricing dependency, in process so that the scaffold stays one service: price(sku) answers after
// the injected latency (the slow-pricing fault). Replace it with the dependency your lab is about.
let latencyMs = 0;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function price(sku) {
  await sleep(latencyMs + 5);
  return 100 + (sku.length * 7) % 50;
}

module.exports = {
  price,
  setLatency: (ms) => ((latencyMs = ms), { pricingLatencyMs: latencyMs }),
  faults: () => ({ pricingLatencyMs: latencyMs }),
  reset: () => { latencyMs = 0; },
};
