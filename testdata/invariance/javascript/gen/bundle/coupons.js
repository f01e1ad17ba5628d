// Applies coupon codes to a priced cart.
const coupons = { 'SAVE-5': { percent: 5, expires: 1893456000000 }, 'OLD-10': { percent: 10, expires: 946684800000 } };

function findCoupon(code) {
  const coupon = coupons[code];
  if (!coupon) {
    throw new RangeError(`Unknown coupon code (${code.length} characters)`);
  }
  return coupon;
}

function applyCoupon(total, code, now) {
  const coupon = findCoupon(code);
  if (coupon.expires < now) {
    throw new RangeError(`Coupon expired ${Math.round((now - coupon.expires) / 86400000)} days ago`);
  }
  return Math.round(total * (100 - coupon.percent)) / 100;
}

export { applyCoupon };
