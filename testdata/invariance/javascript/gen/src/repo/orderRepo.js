'use strict';
const { NotFoundError } = require('../errors');

const orders = new Map([
  ['1001', { id: '1001', status: 'paid', lines: [{ sku: 'A-1', qty: 2 }] }],
  ['1002', { id: '1002', status: 'shipped', lines: [{ sku: 'B-7', qty: 1 }] }],
]);

class OrderRepo {
  find(id) {
    const order = orders.get(String(id));
    if (!order) {
      throw new NotFoundError('order', id);
    }
    return order;
  }
}

module.exports = { OrderRepo };
