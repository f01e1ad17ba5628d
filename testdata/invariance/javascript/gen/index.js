'use strict';
// Runs one failure scenario of the shop service and prints, as one JSON object, what a tracer records:
// error.type (err.name), error.message and error.stack (err.stack, as dd-trace-js and OpenTelemetry send it,
// or util.inspect(err), what console.error and loggers print).
// Usage: node index.js <scenario> [key=value ...]; the keys a scenario reads are listed with it.
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
const { getOrder, cancelOrder } = require('./src/routes/orders');
const { serveOnce } = require('./src/server');
const { addToCart } = require('./src/quantity');
const { handlePaymentWebhook } = require('./src/webhooks');

const repo = new UserRepo([{ id: 'u1', name: 'Ada' }]);
const users = new UserService(repo);
const routes = makeUserRoutes(users);

// Datadog's tag processors cut meta values at 25,000 characters and append "...".
const ddTruncate = (s) => (s.length > 25000 ? `${s.slice(0, 25000)}...` : s);

// Each scenario reads its parameters from opts (all strings).
const scenarios = {
  // user=<id>
  fs_invalid_arg_type: () => loadConfig({}),
  config_syntax: () => loadConfig({ SHOP_CONFIG: `${__dirname}/config/settings.json` }),
  class_constructor: (o) => routes.login({ body: { userId: o.user || 'u404' } }),
  method_alias: (o) => routes.getProfile({ params: { id: o.user || 'u404' } }),
  async_await: (o) => dispatch(routes.getUser, { params: { id: o.user || 'u404' } }),
  // qty=<n>
  promise_all: (o) =>
    priceCart({ items: [{ qty: 1, unitPrice: 5 }, { qty: Number(o.qty || 0), unitPrice: 3 }, { qty: 2, unitPrice: 1 }] }),
  array_map: () => lineTotals([{ lines: [] }, { lines: [{ price: 1, qty: 1 }, null] }]),
  lodash_callback: () => revenueByRegion([{ customer: { address: { region: 'eu' } }, total: 3 }, { customer: {}, total: 4 }]),
  eval_rule: () => applyRules([compileRule('order.total > 100 ? 5 : 0'), compileRule('order.coupon.percent')], { total: 120 }),
  // email=<address>
  custom_error: (o) => validateOrder({ email: o.email || 'ada.example.com' }),
  esm_module: async () => {
    const { placeOrder } = await import('./src/esm/orders.mjs');
    await placeOrder({ items: [{ product: { price: 3 }, qty: 1 }, { qty: 2 }] });
  },
  // depth=<levels of recursion before the broken link>, limit=<Error.stackTraceLimit>
  recursion: (o) => {
    if (o.limit) Error.stackTraceLimit = Number(o.limit);
    const depth = Number(o.depth || 25);
    return categoryPath(buildCategories(depth + 15, depth), depth + 15);
  },
  // sku=<sku>, want=<qty>
  event_emitter: (o) =>
    new Promise((resolve, reject) => {
      const queue = new OrderQueue();
      queue.on('order', (order) => {
        try {
          resolve(reserve({ [o.sku || 'sku1']: 1 }, order));
        } catch (err) {
          reject(err);
        }
      });
      queue.push({ lines: [{ sku: o.sku || 'sku1', qty: Number(o.want || 2) }] });
    }),
  // order=<id>, customer=<id>
  inspect_cause: {
    inspect: true,
    run: (o) => checkout(users, { id: Number(o.order || 1042), customerId: o.customer || 'u404', total: 12 }),
  },
  aggregate_error: {
    inspect: true,
    run: () => importRows([{ sku: 'A-1', qty: '3' }, { sku: 7, qty: '1' }, { sku: 'B-2', qty: 4 }]),
  },
  truncated_ddtrace: {
    format: (err) => ddTruncate(err.stack),
    run: (o) => {
      Error.stackTraceLimit = Infinity;
      const depth = Number(o.depth || 400);
      return categoryPath(buildCategories(depth, 5), depth);
    },
  },
  // via=express|connect, order=<id>
  get_order: (o) => serveOnce(o.via || 'express', 'GET', `/orders/${o.order || '4711'}`, getOrder),
  cancel_order_missing: (o) => serveOnce(o.via || 'express', 'POST', `/cancel/${o.order || '4711'}`, cancelOrder),
  cancel_order_shipped: (o) => serveOnce(o.via || 'express', 'POST', `/cancel/${o.order || '1002'}`, cancelOrder),
  // qty=<value>; a number (not a string) gives the TypeError, a string out of range the RangeError
  quantity_type: (o) => addToCart([], { sku: 'A-1', qty: Number(o.qty || 3) }),
  quantity_range: (o) => addToCart([], { sku: 'A-1', qty: o.qty || '120' }),
  // body=<raw webhook body>
  webhook_syntax: (o) => handlePaymentWebhook(o.body || '{"type":"payment.succeeded","data":{"orderId":1001,}}'),
};

async function main(name, opts) {
  const s = scenarios[name];
  if (!s) throw new Error(`unknown scenario ${name}`);
  const run = s.run || s;
  const format = s.format || (s.inspect ? (err) => util.inspect(err) : (err) => err.stack);
  try {
    await run(opts);
  } catch (err) {
    process.stdout.write(JSON.stringify({ type: err.name, message: err.message, stack: format(err) }));
    return;
  }
  throw new Error(`scenario ${name} did not fail`);
}

main(process.argv[2], Object.fromEntries(process.argv.slice(3).map((a) => a.split(/=(.*)/s).slice(0, 2)))).catch((err) => {
  console.error(err);
  process.exit(1);
});
