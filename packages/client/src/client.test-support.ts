import WebSocket from 'ws';
import { startTestServer, type TestServer } from '../../../apps/server/src/server.test-support.js';
import { TwinGraphClient } from './twingraph-client.js';
import type { ClientOptions } from './client-options.js';
import type { WebSocketConstructor } from './web-socket-like.js';

export { type TestServer };

/** Three Python nodes in a chain, each printing three lines: a run with many events. */
export function chainWorkflow(name = 'chain'): unknown {
  return {
    apiVersion: 'twingraph/v1', kind: 'Workflow', metadata: { name },
    nodes: ['a', 'b', 'c'].map((id) => ({
      id, type: 'component', language: 'python',
      inputs: id === 'a' ? [{ name: 'start', type: 'number', default: 0 }] : [{ name: 'n', type: 'number', required: true }],
      outputs: [{ name: 'n', type: 'number' }],
      code: `def process(inputs):\n    for i in range(3):\n        print('${id}', i, flush=True)\n    return {'n': inputs.get('n', inputs.get('start', 0)) + 1}\n`,
    })),
    edges: [{ source: 'a', sourceHandle: 'n', target: 'b', targetHandle: 'n' }, { source: 'b', sourceHandle: 'n', target: 'c', targetHandle: 'n' }],
  };
}

/** One node that sleeps for a minute: a run to stop. */
export function sleepyWorkflow(): unknown {
  return {
    apiVersion: 'twingraph/v1', kind: 'Workflow', metadata: { name: 'sleepy' },
    nodes: [{
      id: 'nap', type: 'component', language: 'python', inputs: [], outputs: [{ name: 'done', type: 'boolean' }],
      code: "import time\ndef process(inputs):\n    print('sleeping', flush=True)\n    time.sleep(60)\n    return {'done': True}\n",
    }],
    edges: [],
  };
}

export interface ClientHarness {
  t: TestServer;
  baseUrl: string;
  /** A client signed in as the editor 'eve'. */
  client: TwinGraphClient;
  newClient(options?: ClientOptions): TwinGraphClient;
}

/** A real server (in-memory stores, local executor) listening on a free loopback port. */
export async function startClientHarness(): Promise<ClientHarness> {
  const t = await startTestServer();
  const baseUrl = await t.server.listen({ port: 0, host: '127.0.0.1' });
  const newClient = (options: ClientOptions = {}): TwinGraphClient =>
    new TwinGraphClient({ baseUrl, WebSocket: WebSocket as unknown as WebSocketConstructor, ...options });
  const client = newClient();
  await client.auth.login({ username: 'eve', password: 'eve-pass' });
  return { t, baseUrl, client, newClient };
}
