// The checkout widget: prices the cart, applies the coupon and renders the summary.
import { priceLines } from './pricing.js';
import { applyCoupon } from './coupons.js';
import { summarize } from './format.js';

function checkout(cart, now) {
  const lines = priceLines(cart.items);
  const total = lines.reduce((sum, line) => sum + line.total, 0);
  const payable = cart.coupon ? applyCoupon(total, cart.coupon, now) : total;
  return { summary: summarize(lines, cart.currency), payable };
}

export { checkout };
