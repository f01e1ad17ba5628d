'use strict';

// Payment provider callbacks arrive as raw bodies.
function parseWebhook(body) {
  const event = JSON.parse(body);
  return { type: event.type, orderId: event.data.orderId };
}

function handlePaymentWebhook(body) {
  const event = parseWebhook(body);
  return event.type === 'payment.succeeded';
}

module.exports = { handlePaymentWebhook };
