// Entry of the storefront bundle. Run under Node it takes a scenario and prints the error as a tracer
// records it.
import { checkout } from './checkout.js';

const scenarios = {
  missing_sku: (n) => ({ currency: 'EUR', items: [...Array.from({ length: n }, (_, i) => ({ sku: `S${i}`, qty: 1, price: 100 })), { qty: 1, price: 250 }] }),
  unknown_coupon: (n) => ({ currency: 'EUR', coupon: 'X'.repeat(n), items: [{ sku: 'A', qty: 1, price: 100 }] }),
  expired_coupon: () => ({ currency: 'EUR', coupon: 'OLD-10', items: [{ sku: 'A', qty: 1, price: 100 }] }),
  no_items: () => ({ currency: 'EUR' }),
};

const [name, arg] = process.argv.slice(2);
try {
  checkout(scenarios[name](Number(arg || 1)), Date.UTC(2024, 5, 11) + Number(arg || 0) * 86400000);
  process.stdout.write(JSON.stringify({ error: `scenario ${name} did not fail` }));
} catch (err) {
  process.stdout.write(JSON.stringify({ type: err.name, message: err.message, stack: err.stack }));
}
