import type { Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';

export interface OtlpTracingOptions {
  /**
   * OTLP/HTTP base URL (as `OTEL_EXPORTER_OTLP_ENDPOINT`): spans go to `<endpoint>/v1/traces`, as JSON.
   * A URL already ending in `/v1/traces` is used as is.
   */
  endpoint: string;
  /** Extra request headers (API keys of hosted collectors). @defaultValue none */
  headers?: Record<string, string>;
  /** `service.name` of the resource. @defaultValue 'twingraph' */
  serviceName?: string;
  /** Longest wait between exports, ms. @defaultValue 2_000 */
  exportDelayMs?: number;
}

/** A tracer whose spans are batched to an OTLP/HTTP collector (Jaeger, Tempo, the OTel Collector…). */
export function createOtlpTracing(options: OtlpTracingOptions): { tracer: Tracer; shutdown(): Promise<void>; flush(): Promise<void> } {
  const url = /\/v1\/traces\/?$/.test(options.endpoint) ? options.endpoint : `${options.endpoint.replace(/\/+$/, '')}/v1/traces`;
  const exporter = new OTLPTraceExporter({ url, ...(options.headers === undefined ? {} : { headers: options.headers }) });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName ?? 'twingraph' }),
    spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: options.exportDelayMs ?? 2_000 })],
  });
  return { tracer: provider.getTracer('twingraph'), shutdown: () => provider.shutdown(), flush: () => provider.forceFlush() };
}
