'use strict';

// Parses the quantity field of a cart line as the storefront sends it.
function parseQuantity(value) {
  if (typeof value !== 'string') {
    throw new TypeError(`quantity must be a string, got ${typeof value} ${value}`);
  }
  const qty = Number.parseInt(value, 10);
  if (qty < 1 || qty > 99) {
    throw new RangeError(`quantity ${qty} out of range 1..99`);
  }
  return qty;
}

function addToCart(cart, line) {
  cart.push({ sku: line.sku, qty: parseQuantity(line.qty) });
  return cart;
}

module.exports = { parseQuantity, addToCart };
