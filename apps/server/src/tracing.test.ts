import { createServer as createHttpServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SpanStatusCode } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { createOtlpTracing } from './observability/otlp-tracing.js';
import { SPAN_ATTRIBUTES } from './observability/run-tracing.js';
import { loginAs, startTestServer, type TestServer } from './server.test-support.js';

/** a → b, and c failing on its own (errorHandler continue), so a run has parent/child spans and an error. */
const TRACED = {
  apiVersion: 'twingraph/v1', kind: 'Workflow', metadata: { name: 'traced' }, spec: { errorHandler: 'continue' },
  nodes: [
    { id: 'a', type: 'component', language: 'javascript', outputs: [{ name: 'n', type: 'number' }], code: 'export async function process() { return { n: 1 }; }' },
    { id: 'b', type: 'component', language: 'javascript', inputs: [{ name: 'n', type: 'number', required: true }], outputs: [{ name: 'n', type: 'number' }], code: 'export async function process(i) { return { n: i.n + 1 }; }' },
    { id: 'c', type: 'component', language: 'javascript', code: 'export async function process() { throw new Error("c breaks"); }' },
  ],
  edges: [{ source: 'a', sourceHandle: 'n', target: 'b', targetHandle: 'n' }],
};

async function runTraced(t: TestServer): Promise<string> {
  const editor = await loginAs(t.server, 'eve');
  const workflowId = (await t.server.app.inject({ method: 'POST', url: '/api/workflows', headers: editor, payload: { document: TRACED } })).json<{ id: string }>().id;
  const { executionId } = (await t.server.app.inject({ method: 'POST', url: '/api/executions', headers: editor, payload: { workflowId } })).json<{ executionId: string }>();
  for (let i = 0; i < 400 && t.server.executions.isActive(executionId); i++) await new Promise((r) => setTimeout(r, 25));
  return executionId;
}

describe('OpenTelemetry spans', () => {
  it('a run span is the parent of one span per component, with ids, name, platform, status, hash, and the error recorded', async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const t = await startTestServer({ tracer: provider.getTracer('test') });
    try {
      const runId = await runTraced(t);
      const spans = exporter.getFinishedSpans();
      const run = spans.find((s) => s.name === 'twingraph.run traced')!;
      expect(run.attributes[SPAN_ATTRIBUTES.runId]).toBe(runId);
      expect(run.attributes[SPAN_ATTRIBUTES.runStatus]).toBe('failed');
      expect(run.status.code).toBe(SpanStatusCode.ERROR);
      expect(run.parentSpanContext).toBeUndefined();
      const components = spans.filter((s) => s.name.startsWith('twingraph.component '));
      expect(components.map((s) => s.name).sort()).toEqual(['twingraph.component a', 'twingraph.component b', 'twingraph.component c']);
      const nodes = await t.engine.runStore.listNodes(runId);
      for (const span of components) {
        expect(span.parentSpanContext?.spanId).toBe(run.spanContext().spanId);
        expect(span.spanContext().traceId).toBe(run.spanContext().traceId);
        const node = nodes.find((n) => n.executionId === span.attributes[SPAN_ATTRIBUTES.executionId])!;
        expect(span.attributes).toMatchObject({
          [SPAN_ATTRIBUTES.runId]: runId, [SPAN_ATTRIBUTES.component]: node.name, [SPAN_ATTRIBUTES.platform]: 'local',
          [SPAN_ATTRIBUTES.status]: node.status, [SPAN_ATTRIBUTES.hash]: node.hash,
        });
      }
      const failed = components.find((s) => s.name === 'twingraph.component c') as ReadableSpan;
      expect(failed.status.code).toBe(SpanStatusCode.ERROR);
      expect(failed.events.find((e) => e.name === 'exception')?.attributes?.['exception.message']).toContain('c breaks');
      expect(components.find((s) => s.name === 'twingraph.component b')!.status.code).toBe(SpanStatusCode.OK);
    } finally {
      await t.cleanup();
    }
  });

  it('exports the spans to an OTLP/HTTP receiver as JSON', async () => {
    const requests: Array<{ url: string; contentType: string; body: string }> = [];
    const receiver = createHttpServer((request: IncomingMessage, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        requests.push({ url: request.url ?? '', contentType: request.headers['content-type'] ?? '', body });
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const tracing = createOtlpTracing({ endpoint: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`, serviceName: 'twingraph-test', exportDelayMs: 50 });
    const t = await startTestServer({ tracer: tracing.tracer });
    try {
      const runId = await runTraced(t);
      await tracing.flush();
      expect(requests.length).toBeGreaterThan(0);
      expect(requests[0]!.url).toBe('/v1/traces');
      expect(requests[0]!.contentType).toContain('application/json');
      type OtlpSpan = { name: string; traceId: string; spanId: string; parentSpanId?: string; attributes: Array<{ key: string; value: { stringValue?: string } }> };
      type Export = { resourceSpans: Array<{ resource: { attributes: Array<{ key: string; value: { stringValue?: string } }> }; scopeSpans: Array<{ spans: OtlpSpan[] }> }> };
      const exports = requests.map((r) => JSON.parse(r.body) as Export);
      const spans = exports.flatMap((e) => e.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans)));
      expect(exports[0]!.resourceSpans[0]!.resource.attributes).toContainEqual({ key: 'service.name', value: { stringValue: 'twingraph-test' } });
      const attr = (span: OtlpSpan, key: string): string | undefined => span.attributes.find((a) => a.key === key)?.value.stringValue;
      const run = spans.find((s) => s.name === 'twingraph.run traced')!;
      expect(attr(run, SPAN_ATTRIBUTES.runId)).toBe(runId);
      const components = spans.filter((s) => attr(s, SPAN_ATTRIBUTES.runId) === runId && s.name.startsWith('twingraph.component'));
      expect(components).toHaveLength(3);
      for (const span of components) {
        expect(span.parentSpanId).toBe(run.spanId);
        expect(span.traceId).toBe(run.traceId);
      }
    } finally {
      await t.cleanup();
      await tracing.shutdown();
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    }
  });

  it('server log lines carry the run id and the component execution id', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const t = await startTestServer({ logger: { level: 'debug', stream: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) } } });
    try {
      const runId = await runTraced(t);
      const nodes = await t.engine.runStore.listNodes(runId);
      const failed = nodes.find((n) => n.name === 'c')!;
      expect(lines).toContainEqual(expect.objectContaining({ msg: 'execution started', runId }));
      expect(lines).toContainEqual(expect.objectContaining({ msg: 'component failed', runId, executionId: failed.executionId, component: 'c', level: 40 }));
      expect(lines.filter((l) => l['msg'] === 'component succeeded' && l['runId'] === runId)).toHaveLength(2);
    } finally {
      await t.cleanup();
    }
  });
});
