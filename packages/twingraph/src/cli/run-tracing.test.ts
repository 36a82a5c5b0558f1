import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, runWorkflow } from '@twingraph/core';
import { traceRunsFromEnv } from './run-tracing.js';

describe('twingraph run tracing (OTEL_EXPORTER_OTLP_ENDPOINT)', () => {
  const bodies: string[] = [];
  const receiver = createServer((request: IncomingMessage, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      bodies.push(body);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  let endpoint = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

  it('is off without an endpoint, and sends the run and component spans when one is set', async () => {
    const engine = createEngine();
    expect(traceRunsFromEnv(engine, {})).toBeUndefined();
    const tracing = traceRunsFromEnv(engine, { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_SERVICE_NAME: 'cli-test' })!;
    const doc = {
      apiVersion: 'twingraph/v1', kind: 'Workflow', metadata: { name: 'cli-traced' },
      nodes: [{ id: 'one', type: 'component', language: 'javascript', outputs: [{ name: 'n' }], code: 'export async function process() { return { n: 1 }; }' }],
      edges: [],
    };
    const summary = await runWorkflow(engine, doc);
    await tracing.close();
    await engine.close();
    const text = bodies.join('\n');
    expect(text).toContain('twingraph.run cli-traced');
    expect(text).toContain('twingraph.component one');
    expect(text).toContain(summary.runId);
    expect(text).toContain('cli-test');
    expect(() => traceRunsFromEnv(createEngine(), { OTEL_EXPORTER_OTLP_ENDPOINT: 'localhost:4318' })).toThrow(/http\(s\) URL/);
  });
});
