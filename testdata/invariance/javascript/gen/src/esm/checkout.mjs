import { Cart } from './cart.mjs';

export async function checkout(request) {
  await Promise.resolve();
  const cart = new Cart(request.items);
  return { total: cart.total() };
}
