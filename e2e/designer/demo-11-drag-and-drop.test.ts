import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeE2E, eventually, REPO_ROOT, useBrowserApp } from '../support/index.js';
import { DesignerPage, type PortSpec } from './designer-page.js';

interface DemoNode {
  id: string;
  name: string;
  platform: string;
  code: string;
  image?: string;
  inputs: PortSpec[];
  outputs: PortSpec[];
  retry: { maxAttempts: number; backoff: { initialMs: number; factor: number; maxMs: number; jitter: number } };
  timeoutMs: number;
  position?: unknown;
}
interface DemoDocument {
  metadata: { name: string; description: string; tags: string[]; version?: unknown };
  spec: { maxParallel: number; errorHandler: string; timeoutMs: number };
  nodes: DemoNode[];
  edges: Array<{ id: string; source: string; sourceHandle: string; target: string; targetHandle: string }>;
}

// The reference document is only read to know what to type: the browser builds it by hand.
const demo = JSON.parse(readFileSync(join(REPO_ROOT, 'examples/demo-11-designer-workflow/workflow.json'), 'utf8')) as DemoDocument;

// Where each node is dropped (canvas coordinates at zoom 1), so every port stays on screen.
const DROP_AT: Record<string, { x: number; y: number }> = {
  load_documents: { x: 130, y: 60 },
  split_text: { x: 390, y: 60 },
  create_embeddings: { x: 650, y: 60 },
  user_query: { x: 130, y: 300 },
  store_vectors: { x: 650, y: 260 },
  retrieve_context: { x: 390, y: 480 },
  generate_response: { x: 650, y: 480 },
};

function normalise(doc: DemoDocument): unknown {
  return {
    metadata: { name: doc.metadata.name, description: doc.metadata.description, tags: doc.metadata.tags },
    spec: doc.spec,
    nodes: [...doc.nodes].map(({ position: _position, ...n }) => n).sort((a, b) => a.id.localeCompare(b.id)),
    edges: [...doc.edges].sort((a, b) => a.id.localeCompare(b.id)),
  };
}

describeE2E('designer: demo 11 built by drag and drop, run live, logs and lineage', () => {
  const { server, session } = useBrowserApp();

  it('builds the seven nodes and nine edges by hand, saves exactly the demo document, runs it green, opens logs and lineage, pins outputs and runs one node alone', async () => {
    const designer = new DesignerPage(session.page, server.url);
    await designer.openDesigner();
    await designer.screenshot('designer-empty');

    for (const node of demo.nodes) {
      await designer.dropFromPalette(node.platform === 'docker' ? 'docker-python' : 'local-python', DROP_AT[node.id]!);
      await designer.visible('properties-panel');
      await designer.setId(node.id);
      await designer.fill('prop-name', node.name);
      await designer.setPorts('inputs', node.inputs);
      await designer.setPorts('outputs', node.outputs);
      await designer.setCode(node.code);
      if (node.image !== undefined) await designer.fill('prop-image', node.image);
      await designer.fill('prop-retry-max-attempts', String(node.retry.maxAttempts));
      await designer.fill('prop-timeout', String(node.timeoutMs));
      await designer.fill('prop-backoff-initial', String(node.retry.backoff.initialMs));
      await designer.fill('prop-backoff-factor', String(node.retry.backoff.factor));
      await designer.fill('prop-backoff-max', String(node.retry.backoff.maxMs));
      await designer.fill('prop-backoff-jitter', String(node.retry.backoff.jitter));
    }
    expect(await session.page.locator('.react-flow__node').count()).toBe(7);

    // An array output cannot feed a string input: refused, with the reason.
    await designer.connect('load_documents', 'documents', 'user_query', 'query');
    expect(await designer.lastToast('error')).toMatch(/Connection refused.*array.*string/s);
    expect(await designer.edgeCount()).toBe(0);

    for (const e of demo.edges) await designer.connect(e.source, e.sourceHandle, e.target, e.targetHandle);
    await eventually('nine edges', async () => ((await designer.edgeCount()) === 9 ? true : undefined));

    await designer.selectNothing();
    await designer.fill('workflow-name', demo.metadata.name);
    await designer.fill('wf-description', demo.metadata.description);
    await designer.fill('wf-tags', demo.metadata.tags.join(', '));
    await designer.fill('wf-max-parallel', String(demo.spec.maxParallel));
    await designer.fill('wf-timeout', String(demo.spec.timeoutMs));
    await designer.testId('wf-error-handler').selectOption(demo.spec.errorHandler);
    await designer.visible('problems-none');
    await designer.screenshot('designer-demo-11-built');

    await designer.save();
    const workflowId = await designer.savedWorkflowId();
    const saved = (await (await fetch(`${server.url}/api/workflows/${workflowId}`)).json()) as { version: number; document: DemoDocument };
    expect(saved.version).toBe(1);
    expect(normalise(saved.document)).toEqual(normalise(demo));

    await designer.run();
    await designer.waitForNodes(demo.nodes.map((n) => n.id), 'succeeded', 90_000);
    await designer.textMatching(designer.testId('run-status'), /succeeded/);
    expect(await designer.testId('run-progress').textContent()).toContain('7/7 nodes');
    // Item counts on edges: split_text produced 9 chunks.
    expect(await designer.testId('edge-count-split_text.chunks->store_vectors.chunks').textContent()).toBe('9 items');
    await designer.screenshot('designer-demo-11-run');

    const executionHref = (await designer.testId('run-open-execution').getAttribute('href')) ?? '';
    const executionId = decodeURIComponent(executionHref.replace('#/executions/', ''));
    const execution = (await (await fetch(`${server.url}/api/executions/${executionId}`)).json()) as { status: string; result: { generate_response: { sources: string[] } }; labels: Record<string, string> };
    expect(execution.status).toBe('succeeded');
    expect(execution.result.generate_response.sources[0]).toBe('lineage-0');
    expect(execution.labels['twingraph.workflowId']).toBe(workflowId);

    await designer.openNodeView('load_documents');
    await designer.textMatching(designer.testId('node-view-logs'), /loaded 3 documents/);
    await designer.textMatching(designer.testId('node-view-outputs'), /lineage/);
    await designer.testId('node-view-outputs-schema-tab').click();
    await designer.textMatching(designer.testId('node-view-outputs'), /documents\[\]\.text/);
    await designer.textMatching(designer.testId('node-view-attempts'), /succeeded/);
    await designer.screenshot('designer-node-view');
    await designer.testId('node-view-lineage').click();
    await eventually('the lineage page of the execution', () => session.page.url().includes(`#/lineage?execution=${encodeURIComponent(executionId)}`));

    // Back in the designer: pin a node's outputs, and run the last node alone on the last run's results.
    type NodeDto = { executionId: string; name: string; hash: string; status: string; parents: string[]; outputs?: { sources?: string[] } };
    type ExecutionDto = { runId: string; status: string; labels?: Record<string, string>; nodes: NodeDto[] };
    const getExecution = async (id: string): Promise<ExecutionDto> => (await (await fetch(`${server.url}/api/executions/${id}`)).json()) as ExecutionDto;
    const fullNodes = (await getExecution(executionId)).nodes;
    const inFull = (name: string): NodeDto => fullNodes.find((n) => n.name === name)!;
    const nodeRunOf = async (after: ReadonlySet<string>): Promise<ExecutionDto | undefined> => {
      const list = (await (await fetch(`${server.url}/api/executions?limit=10`)).json()) as { items: Array<{ runId: string; status: string; labels?: Record<string, string> }> };
      const run = list.items.find((r) => r.labels?.['twingraph.nodeRunOf'] === executionId && r.labels['twingraph.nodeRunNode'] === 'generate_response' && !after.has(r.runId));
      return run?.status === 'succeeded' ? getExecution(run.runId) : undefined;
    };
    const infoToast = (pattern: RegExp): Promise<string> => eventually(`an info toast matching ${String(pattern)}`, async () => (await designer.testId('toast-info').allTextContents()).find((t) => pattern.test(t)));
    await designer.openDesigner(workflowId);
    await designer.openNodeView('generate_response');
    await designer.testId('pin-outputs').click();
    await designer.visible('pinned-badge');
    await designer.testId('run-this-node').click();
    await infoToast(/Running generate_response alone.*Reused from the run: (retrieve_context, user_query|user_query, retrieve_context) \(lineage parents\)/);
    const single = await eventually('the single-node execution to succeed', () => nodeRunOf(new Set()), 60_000);
    // Unchanged code, upstream results reused: the node's hash is the one of the full run, its parents the full run's executions.
    expect(single.nodes.map((n) => n.name)).toEqual(['generate_response']);
    const alone = single.nodes[0]!;
    expect(alone.hash).toBe(inFull('generate_response').hash);
    expect([...alone.parents].sort()).toEqual([inFull('retrieve_context').executionId, inFull('user_query').executionId].sort());
    expect(alone.outputs?.sources?.[0]).toBe('lineage-0');
    await eventually('the node view to show the single-node run', async () => ((await designer.testId('node-view-execution').getAttribute('href'))?.includes(single.runId) ? true : undefined));
    await designer.testId('node-view-close').click();

    // Pinned data of an upstream node replaces its result: the view says so, no parent is claimed for it, the hash differs.
    await designer.openNodeView('user_query');
    await designer.testId('pin-outputs').click();
    await designer.testId('node-view-close').click();
    await designer.openNodeView('generate_response');
    await designer.textMatching(designer.testId('node-run-pinned-note'), /pinned data of user_query/);
    await designer.testId('run-this-node').click();
    await infoToast(/Pinned data of user_query: no lineage parent/);
    const withPin = await eventually('the single-node execution with a pinned input to succeed', () => nodeRunOf(new Set([single.runId])), 60_000);
    expect(withPin.nodes[0]!.parents).toEqual([inFull('retrieve_context').executionId]);
    expect(withPin.nodes[0]!.hash).not.toBe(inFull('generate_response').hash);
    await designer.testId('node-view-close').click();

    // Edited code (not saved: the canvas document is sent): a new hash and a real run, the full run's executions still its parents.
    await designer.openNodeView('user_query');
    await designer.testId('pin-outputs').click(); // unpin
    await designer.testId('node-view-close').click();
    await designer.selectNode('generate_response');
    const generate = demo.nodes.find((n) => n.id === 'generate_response')!;
    await designer.setCode(`${generate.code}# edited before running it alone\n`);
    await designer.openNodeView('generate_response');
    await designer.testId('run-this-node').click();
    const edited = await eventually('the single-node execution of the edited code to succeed', () => nodeRunOf(new Set([single.runId, withPin.runId])), 60_000);
    expect(edited.nodes[0]!.status).toBe('succeeded');
    expect(edited.nodes[0]!.hash).not.toBe(inFull('generate_response').hash);
    expect([...edited.nodes[0]!.parents].sort()).toEqual([inFull('retrieve_context').executionId, inFull('user_query').executionId].sort());
  });
});
