// A small service instrumented with the real OpenTelemetry SDK, for the live-session tests: a
// "checkout" service whose request span has a child, which calls a "payments" service (its own
// tracer provider) whose span is a child across the two. Each span is exported as it ends.

import { context, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

export interface ServiceRun {
  /** Span ids by name. */
  ids: Record<'checkout' | 'reserve' | 'charge', string>;
}

function providerFor(service: string, exporter: SpanExporter): NodeTracerProvider {
  return new NodeTracerProvider({ resource: resourceFromAttributes({ 'service.name': service }), spanProcessors: [new SimpleSpanProcessor(exporter)] });
}

/** Runs one checkout: checkout ⊃ reserve (same service) ⊃ charge (payments); ends them inner first and flushes both exporters. */
export async function runCheckout(exportCheckout: SpanExporter, exportPayments: SpanExporter): Promise<ServiceRun> {
  const checkoutProvider = providerFor('checkout', exportCheckout);
  const paymentsProvider = providerFor('payments', exportPayments);
  const checkoutTracer = checkoutProvider.getTracer('shop');
  const paymentsTracer = paymentsProvider.getTracer('payments');
  const pause = () => new Promise((resolve) => setTimeout(resolve, 5));

  const checkout = checkoutTracer.startSpan('POST /checkout', { attributes: { 'cart.items': 3 } });
  await pause();
  const reserve = checkoutTracer.startSpan('reserve stock', {}, trace.setSpan(context.active(), checkout));
  await pause();
  // The payments service continues the trace from the propagated context of "reserve stock".
  const charge = paymentsTracer.startSpan('charge card', { attributes: { 'payment.amount': 42 } }, trace.setSpan(context.active(), reserve));
  await pause();
  charge.end();
  await pause();
  reserve.end();
  await pause();
  checkout.end();
  await Promise.all([checkoutProvider.forceFlush(), paymentsProvider.forceFlush()]);
  await Promise.all([checkoutProvider.shutdown(), paymentsProvider.shutdown()]);
  const id = (span: typeof checkout) => span.spanContext().spanId;
  return { ids: { checkout: id(checkout), reserve: id(reserve), charge: id(charge) } };
}
