'use strict';
const { OrderRepo } = require('../repo/orderRepo');
const { InvalidStateError } = require('../errors');

const repo = new OrderRepo();

// Express passes the route parameter; connect mounts the handler on a prefix and leaves the id in the url.
function orderId(req) {
  return req.params ? req.params.id : req.url.split('/')[1];
}

function getOrder(req, res) {
  const order = repo.find(orderId(req));
  res.end(JSON.stringify(order));
}

function cancelOrder(req, res) {
  const order = repo.find(orderId(req));
  if (order.status === 'shipped') {
    throw new InvalidStateError(`order ${order.id} already shipped`);
  }
  res.end(JSON.stringify({ ...order, status: 'cancelled' }));
}

module.exports = { getOrder, cancelOrder };
