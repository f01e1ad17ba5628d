'use strict';
const { ValidationError } = require('../errors');

// Stands in for a database round trip.
const roundTrip = () => new Promise((resolve) => process.nextTick(resolve));

async function priceItem(item) {
  await roundTrip();
  if (item.qty <= 0) {
    throw new ValidationError('qty', `must be positive, got ${item.qty}`);
  }
  return item.qty * item.unitPrice;
}

async function priceCart(cart) {
  const prices = await Promise.all(cart.items.map(priceItem));
  return prices.reduce((a, b) => a + b, 0);
}

function validateOrder(order) {
  if (!order.email.includes('@')) {
    throw new ValidationError('email', `invalid address ${JSON.stringify(order.email)}`);
  }
  return order;
}

module.exports = { priceCart, validateOrder };
