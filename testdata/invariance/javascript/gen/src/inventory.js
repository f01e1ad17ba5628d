'use strict';
const assert = require('assert');

function reserve(stock, order) {
  const reserved = order.lines.map((l) => ({ sku: l.sku, qty: Math.min(l.qty, stock[l.sku] || 0) }));
  assert.deepStrictEqual(reserved, order.lines.map((l) => ({ sku: l.sku, qty: l.qty })), 'insufficient stock');
  return reserved;
}

module.exports = { reserve };
