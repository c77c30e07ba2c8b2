'use strict';
// A quote: the price of a sku, from the pricing dependency. Resolves {sku, price, source}; throws to fail.
async function quote(sku, pricing) {
  return { sku, price: await pricing.price(sku), source: 'pricing' };
}

module.exports = { quote };
