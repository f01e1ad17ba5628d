'use strict';
const { CheckoutError } = require('../errors');

function loadCustomer(users, id) {
  try {
    return users.profile(id);
  } catch (err) {
    throw new CheckoutError(`customer ${id} unavailable`, { cause: err });
  }
}

function checkout(users, order) {
  try {
    const customer = loadCustomer(users, order.customerId);
    return { customer, total: order.total };
  } catch (err) {
    const wrapped = new CheckoutError(`checkout failed for order ${order.id}`, { cause: err });
    wrapped.orderId = order.id;
    throw wrapped;
  }
}

module.exports = { checkout };
