import { checkout } from './checkout.mjs';

export async function placeOrder(request) {
  const receipt = await checkout(request);
  return { ...receipt, placedAt: new Date(0).toISOString() };
}
