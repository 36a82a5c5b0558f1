import WebSocket from 'ws';
import { TwinGraphClient, type WebSocketConstructor } from '@twingraph/client';

/** A client of the fixture server from the test process (auth is off). */
export function apiClient(serverUrl: string): TwinGraphClient {
  return new TwinGraphClient({ baseUrl: serverUrl, WebSocket: WebSocket as unknown as WebSocketConstructor });
}

function pythonNode(id: string, inputs: unknown[], code: string): Record<string, unknown> {
  return { id, type: 'component', language: 'python', inputs, outputs: [{ name: 'n', type: 'number' }], code };
}

/**
 * a → b → c; the workflow input `factor` feeds b only, so two runs with different factors first
 * differ at b (a is the same computation in both).
 */
export function diffWorkflow(): unknown {
  return {
    apiVersion: 'twingraph/v1', kind: 'Workflow', metadata: { name: 'e2e-diff' },
    nodes: [
      pythonNode('a', [], "def process(inputs):\n    print('a starts', flush=True)\n    return {'n': 3}\n"),
      pythonNode('b', [{ name: 'n', type: 'number', required: true }, { name: 'factor', type: 'number', default: 1 }], "def process(inputs):\n    print('b multiplies by', inputs['factor'], flush=True)\n    return {'n': inputs['n'] * inputs['factor']}\n"),
      pythonNode('c', [{ name: 'n', type: 'number', required: true }], "def process(inputs):\n    print('c adds one', flush=True)\n    return {'n': inputs['n'] + 1}\n"),
    ],
    edges: [{ source: 'a', sourceHandle: 'n', target: 'b', targetHandle: 'n' }, { source: 'b', sourceHandle: 'n', target: 'c', targetHandle: 'n' }],
  };
}

/** a → b → c, each printing two lines a bit apart: long enough to lose the WebSocket mid-run. */
export function slowChainWorkflow(pauseSeconds = 1): unknown {
  const code = (id: string) => `import time\ndef process(inputs):\n    print('${id} one', flush=True)\n    time.sleep(${pauseSeconds})\n    print('${id} two', flush=True)\n    return {'n': inputs.get('n', 0) + 1}\n`;
  return {
    apiVersion: 'twingraph/v1', kind: 'Workflow', metadata: { name: 'e2e-slow-chain' },
    nodes: [
      pythonNode('a', [], code('a')),
      pythonNode('b', [{ name: 'n', type: 'number', required: true }], code('b')),
      pythonNode('c', [{ name: 'n', type: 'number', required: true }], code('c')),
    ],
    edges: [{ source: 'a', sourceHandle: 'n', target: 'b', targetHandle: 'n' }, { source: 'b', sourceHandle: 'n', target: 'c', targetHandle: 'n' }],
  };
}

/** One node that sleeps ten minutes: only a stop ends it in time. */
export function sleepyWorkflow(): unknown {
  return {
    apiVersion: 'twingraph/v1', kind: 'Workflow', metadata: { name: 'e2e-sleepy' },
    nodes: [pythonNode('nap', [], "import time\ndef process(inputs):\n    print('sleeping', flush=True)\n    time.sleep(600)\n    return {'n': 1}\n")],
    edges: [],
  };
}

/** A layered lineage graph of `n` component vertices (each with up to two parents), as the explorer exports it. */
export function generatedLineage(n: number, width = 50): unknown {
  const at = '2026-01-01T00:00:00.000Z';
  const components = Array.from({ length: n }, (_, i) => ({
    executionId: `v${i}`, pipelineId: 'generated', name: `component-${i}`, hash: `hash${i}`, status: i % 17 === 0 ? 'failed' : 'succeeded',
    platform: (['local', 'docker', 'kubernetes', 'lambda', 'batch'] as const)[i % 5], startedAt: at, completedAt: '2026-01-01T00:00:01.000Z',
    inputs: { i }, outputs: { i }, attempts: 1, codeHash: 'code', componentOrder: i,
  }));
  const edges = [];
  for (let i = width; i < n; i++) {
    edges.push({ label: 'DEPENDS_ON', from: `v${i}`, to: `v${i - width}`, properties: {} });
    if (i % width > 0) edges.push({ label: 'DEPENDS_ON', from: `v${i}`, to: `v${i - width - 1}`, properties: {} });
  }
  return { pipelines: [{ pipelineId: 'generated', name: 'generated', version: 'v', status: 'succeeded', startedAt: at }], components, edges };
}

/** a → (b, c) → d with b and c sleeping a second each: they run side by side. */
export function diamondWorkflow(): unknown {
  const slow = (id: string) => `import time\ndef process(inputs):\n    print('${id} working', flush=True)\n    time.sleep(1)\n    return {'n': inputs.get('n', 0) + 1}\n`;
  return {
    apiVersion: 'twingraph/v1', kind: 'Workflow', metadata: { name: 'e2e-diamond' },
    spec: { maxParallel: 4 },
    nodes: [
      pythonNode('a', [], "def process(inputs):\n    return {'n': 1}\n"),
      pythonNode('b', [{ name: 'n', type: 'number', required: true }], slow('b')),
      pythonNode('c', [{ name: 'n', type: 'number', required: true }], slow('c')),
      { ...pythonNode('d', [{ name: 'x', type: 'number', required: true }, { name: 'y', type: 'number', required: true }], "def process(inputs):\n    return {'n': inputs['x'] + inputs['y']}\n") },
    ],
    edges: [
      { source: 'a', sourceHandle: 'n', target: 'b', targetHandle: 'n' }, { source: 'a', sourceHandle: 'n', target: 'c', targetHandle: 'n' },
      { source: 'b', sourceHandle: 'n', target: 'd', targetHandle: 'x' }, { source: 'c', sourceHandle: 'n', target: 'd', targetHandle: 'y' },
    ],
  };
}
