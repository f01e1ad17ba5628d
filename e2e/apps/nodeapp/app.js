'use strict';
// A small Node.js service instrumented with the OpenTelemetry Node.js SDK. It raises real errors the way a
// web service does (an exception recorded on the handler span, a TypeError reported with Datadog-style
// error.* attributes, an error with a custom fingerprint), a few healthy spans, an exception log record and a
// plain log, on two requests with different ids.
//
// It finds the collector the way any application does, through OTEL_EXPORTER_OTLP_ENDPOINT. When
// E2E_CAPTURE_ENDPOINT is set it also exports everything there, so a test can compare what the SDK sent
// with what the collector forwarded.
const { trace, SpanStatusCode, SpanKind } = require('@opentelemetry/api');
const { logs, SeverityNumber } = require('@opentelemetry/api-logs');
const { NodeSDK } = require('@opentelemetry/sdk-node');
const { BatchSpanProcessor } = require('@opentelemetry/sdk-trace-base');
const { BatchLogRecordProcessor } = require('@opentelemetry/sdk-logs');
const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-grpc');
const { OTLPLogExporter } = require('@opentelemetry/exporter-logs-otlp-grpc');
const { resourceFromAttributes } = require('@opentelemetry/resources');

const spanProcessors = [new BatchSpanProcessor(new OTLPTraceExporter())];
const logRecordProcessors = [new BatchLogRecordProcessor({ exporter: new OTLPLogExporter() })];
const capture = process.env.E2E_CAPTURE_ENDPOINT;
if (capture) {
  spanProcessors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url: capture })));
  logRecordProcessors.push(new BatchLogRecordProcessor({ exporter: new OTLPLogExporter({ url: capture }) }));
}

const sdk = new NodeSDK({
  resource: resourceFromAttributes({ 'service.name': 'checkout-node', 'deployment.environment.name': 'e2e' }),
  spanProcessors,
  logRecordProcessors,
});
sdk.start();

const tracer = trace.getTracer('checkout');
const logger = logs.getLogger('checkout');

class CartNotFoundError extends Error {
  constructor(id) {
    super(`cart ${id} not found`);
    this.name = 'CartNotFoundError';
  }
}

const carts = new Map([[1, { items: [] }]]);

function loadCart(id) {
  const cart = carts.get(id);
  if (!cart) {
    throw new CartNotFoundError(id);
  }
  return cart;
}

// A real bug: orders without a payment crash with a TypeError.
function chargeTotal(order) {
  return order.payment.amount * 100;
}

function syncInventory(sku) {
  throw new Error(`inventory sync failed for sku ${sku}: upstream returned 503`);
}

function getCart(id) {
  return tracer.startActiveSpan('GET /carts/:id', { kind: SpanKind.SERVER }, (span) => {
    tracer.startActiveSpan('redis GET', { kind: SpanKind.CLIENT }, (child) => {
      child.setAttribute('db.system.name', 'redis');
      child.end();
    });
    try {
      loadCart(id);
    } catch (err) {
      span.recordException(err);
      span.setStatus({ code: SpanStatusCode.ERROR, message: err.message });
      logger.emit({
        eventName: 'exception',
        severityNumber: SeverityNumber.ERROR,
        severityText: 'ERROR',
        body: 'cart lookup failed',
        attributes: {
          'exception.type': err.name,
          'exception.message': err.message,
          'exception.stacktrace': err.stack,
        },
      });
    }
    span.end();
  });
}

function checkout(id) {
  tracer.startActiveSpan('POST /checkout', { kind: SpanKind.SERVER }, (span) => {
    try {
      chargeTotal({ id });
    } catch (err) {
      // What dd-trace-js and many hand-written handlers do: the error as error.* attributes.
      span.setAttributes({ 'error.type': err.name, 'error.message': err.message, 'error.stack': err.stack });
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
    span.end();
  });
}

function inventory(sku) {
  tracer.startActiveSpan('inventory.sync', (span) => {
    try {
      syncInventory(sku);
    } catch (err) {
      span.setAttributes({
        'error.type': err.name,
        'error.message': err.message,
        'error.stack': err.stack,
        'error.fingerprint': 'inventory-sync-failed',
      });
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
    span.end();
  });
}

function health() {
  tracer.startActiveSpan('GET /health', { kind: SpanKind.SERVER }, (span) => {
    span.setAttribute('http.response.status_code', 200);
    span.end();
  });
}

async function main() {
  for (const id of [42, 977]) {
    getCart(id);
    checkout(id);
    inventory(id);
    health();
    logger.emit({ severityNumber: SeverityNumber.INFO, severityText: 'INFO', body: `served cart ${id}` });
  }
  await sdk.shutdown();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
