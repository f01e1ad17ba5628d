'use strict';
const _ = require('lodash');

function lineTotals(orders) {
  return orders.map((order) => order.lines.reduce((sum, line) => sum + line.price * line.qty, 0));
}

function revenueByRegion(orders) {
  const byRegion = _.groupBy(orders, (order) => order.customer.address.region);
  return _.mapValues(byRegion, (list) => _.sumBy(list, 'total'));
}

module.exports = { lineTotals, revenueByRegion };
