'use strict';
// Runs one failure scenario of the shop service and prints what a tracer would record:
// err.stack (dd-trace-js, OpenTelemetry) or util.inspect(err) (what console.error/loggers print).
const util = require('util');
const { loadConfig } = require('./src/config');
const { UserRepo } = require('./src/repo/userRepo');
const { UserService } = require('./src/services/userService');
const { makeUserRoutes, dispatch } = require('./src/routes/users');
const { priceCart, validateOrder } = require('./src/services/pricing');
const { lineTotals, revenueByRegion } = require('./src/reports');
const { compileRule, applyRules } = require('./src/rules');
const { categoryPath, buildCategories } = require('./src/categories');
const { OrderQueue } = require('./src/queue');
const { reserve } = require('./src/inventory');
const { importRows } = require('./src/importer');
const { checkout } = require('./src/services/checkout');

const repo = new UserRepo([{ id: 'u1', name: 'Ada' }]);
const users = new UserService(repo);
const routes = makeUserRoutes(users);

// Datadog's tag processors cut meta values at 25,000 characters and append "...".
const ddTruncate = (s) => (s.length > 25000 ? `${s.slice(0, 25000)}...` : s);

const scenarios = {
  fs_invalid_arg_type: () => loadConfig({}),
  class_constructor: () => routes.login({ body: { userId: 'u404' } }),
  method_alias: () => routes.getProfile({ params: { id: 'u404' } }),
  async_await: () => dispatch(routes.getUser, { params: { id: 'u404' } }),
  promise_all: () => priceCart({ items: [{ qty: 1, unitPrice: 5 }, { qty: 0, unitPrice: 3 }, { qty: 2, unitPrice: 1 }] }),
  array_map: () => lineTotals([{ lines: [] }, { lines: [{ price: 1, qty: 1 }, null] }]),
  lodash_callback: () => revenueByRegion([{ customer: { address: { region: 'eu' } }, total: 3 }, { customer: {}, total: 4 }]),
  eval_rule: () => applyRules([compileRule('order.total > 100 ? 5 : 0'), compileRule('order.coupon.percent')], { total: 120 }),
  custom_error: () => validateOrder({ email: 'ada.example.com' }),
  esm_module: async () => {
    const { placeOrder } = await import('./src/esm/orders.mjs');
    await placeOrder({ items: [{ product: { price: 3 }, qty: 1 }, { qty: 2 }] });
  },
  recursion_default_limit: () => categoryPath(buildCategories(40, 25), 40),
  recursion_limit_50: () => {
    Error.stackTraceLimit = 50;
    return categoryPath(buildCategories(40, 25), 40);
  },
  event_emitter: () =>
    new Promise((resolve, reject) => {
      const queue = new OrderQueue();
      queue.on('order', (order) => {
        try {
          resolve(reserve({ sku1: 1 }, order));
        } catch (err) {
          reject(err);
        }
      });
      queue.push({ lines: [{ sku: 'sku1', qty: 2 }] });
    }),
  webpack_bundle: () => require('./dist/main.3f2a1b9c.js')({ items: [{ sku: 'a', qty: 1, price: 2 }, { qty: 1, price: 4 }] }),
  inspect_cause: {
    inspect: true,
    run: () => checkout(users, { id: 1042, customerId: 'u404', total: 12 }),
  },
  aggregate_error: {
    inspect: true,
    run: () => importRows([{ sku: 'A-1', qty: '3' }, { sku: 7, qty: '1' }, { sku: 'B-2', qty: 4 }]),
  },
  aggregate_any: {
    inspect: true,
    run: () => Promise.any([routes.getUser({ params: { id: 'u404' } }), priceCart({ items: [{ qty: -1, unitPrice: 1 }] })]),
  },
  truncated_ddtrace: {
    format: (err) => ddTruncate(err.stack),
    run: () => {
      Error.stackTraceLimit = Infinity;
      return categoryPath(buildCategories(400, 5), 400);
    },
  },
};

async function main(name) {
  const s = scenarios[name];
  if (!s) throw new Error(`unknown scenario ${name}`);
  const run = s.run || s;
  const format = s.format || (s.inspect ? (err) => util.inspect(err) : (err) => err.stack);
  try {
    await run();
  } catch (err) {
    process.stdout.write(format(err));
    return;
  }
  throw new Error(`scenario ${name} did not fail`);
}

main(process.argv[2]).catch((err) => {
  console.error(err);
  process.exit(1);
});
