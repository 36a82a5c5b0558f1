import { describe, expect, it } from 'vitest';
import { validateWorkflow, type WorkflowDocument } from '@twingraph/model';
import { applyChange, edgeId } from './document-changes.js';
import { documentProblems } from './document-problems.js';
import { importDocument, exportDocument } from './document-io.js';
import { checkConnection } from './port-compatibility.js';
import { createNode, emptyDocument, freeId } from './node-factory.js';
import { useDesigner } from './designer-store.js';
import { autoLayout } from './auto-layout.js';
import { workflowInputs } from '../run/run-inputs.js';
import { upstreamNodes, upstreamPins } from '../run/run-node.js';
import { dropTemplate } from '../templates/drop-template.js';
import demoJson from '../../../../../examples/demo-11-designer-workflow/workflow.json';

const demo = demoJson as WorkflowDocument;

describe('document changes', () => {
  it('renames a node with its edges and the map/loop bodies that point at it', () => {
    let doc = emptyDocument();
    doc = applyChange(doc, { type: 'add-nodes', nodes: [createNode(doc, { kind: 'component', language: 'python', platform: 'local' }, { x: 0, y: 0 })] });
    doc = applyChange(doc, { type: 'add-nodes', nodes: [createNode(doc, { kind: 'component', language: 'python', platform: 'local' }, { x: 0, y: 0 })] });
    doc = applyChange(doc, { type: 'connect', edge: { source: 'python', sourceHandle: 'result', target: 'python_2', targetHandle: 'value' } });
    doc = applyChange(doc, { type: 'add-nodes', nodes: [{ id: 'each', type: 'map', over: 'items', body: 'python', inputs: [{ name: 'items', type: 'array' }], outputs: [] }] });
    const renamed = applyChange(doc, { type: 'rename-node', id: 'python', newId: 'source' });
    expect(renamed.nodes.map((n) => n.id)).toEqual(['source', 'python_2', 'each']);
    expect(renamed.edges).toEqual([{ id: 'source.result->python_2.value', source: 'source', sourceHandle: 'result', target: 'python_2', targetHandle: 'value' }]);
    expect(renamed.nodes[2]).toMatchObject({ body: 'source' });
  });

  it('keeps edges on a renamed port and drops edges on a removed port', () => {
    let doc: WorkflowDocument = { ...emptyDocument(), nodes: [
      { id: 'a', type: 'component', language: 'python', code: 'x', platform: 'local', inputs: [], outputs: [{ name: 'out', type: 'number' }] },
      { id: 'b', type: 'component', language: 'python', code: 'x', platform: 'local', inputs: [{ name: 'in', type: 'number' }], outputs: [] },
    ] };
    doc = applyChange(doc, { type: 'connect', edge: { source: 'a', sourceHandle: 'out', target: 'b', targetHandle: 'in' } });
    const renamed = applyChange(doc, { type: 'set-ports', id: 'b', side: 'inputs', ports: [{ name: 'value', type: 'number' }], renamed: { from: 'in', to: 'value' } });
    expect(renamed.edges.map(edgeId)).toEqual(['a.out->b.value']);
    const removed = applyChange(renamed, { type: 'set-ports', id: 'a', side: 'outputs', ports: [] });
    expect(removed.edges).toEqual([]);
  });

  it('removing a node removes its edges; moves round positions and share untouched nodes', () => {
    const moved = applyChange(demo, { type: 'move', positions: { split_text: { x: 10.4, y: 20.6 } } });
    expect(moved.nodes.find((n) => n.id === 'split_text')?.position).toEqual({ x: 10, y: 21 });
    expect(moved.nodes[0]).toBe(demo.nodes[0]);
    const removed = applyChange(demo, { type: 'remove', nodeIds: ['store_vectors'], edgeIds: [] });
    expect(removed.edges.some((e) => e.source === 'store_vectors' || e.target === 'store_vectors')).toBe(false);
    expect(removed.edges).toHaveLength(demo.edges.length - 4);
  });
});

describe('connections', () => {
  it('refuses incompatible types, a fed input, self loops, cycles and map bodies, with a reason', () => {
    expect(checkConnection(demo, 'load_documents', 'documents', 'user_query', 'query')).toEqual({ ok: false, reason: expect.stringMatching(/array but input 'user_query.query' expects string/) });
    expect(checkConnection(demo, 'user_query', 'query', 'retrieve_context', 'query')).toEqual({ ok: false, reason: expect.stringMatching(/already connected/) });
    expect(checkConnection(demo, 'split_text', 'chunks', 'split_text', 'documents')).toEqual({ ok: false, reason: expect.stringMatching(/cannot feed itself/) });
    const open = applyChange(demo, { type: 'remove', nodeIds: [], edgeIds: ['load_documents.documents->split_text.documents'] });
    expect(checkConnection(open, 'generate_response', 'sources', 'split_text', 'documents')).toEqual({ ok: false, reason: expect.stringMatching(/cycle/) });
    expect(checkConnection(open, 'load_documents', 'documents', 'split_text', 'documents')).toEqual({ ok: true });
    expect(checkConnection(open, 'load_documents', 'documents', 'split_text', 'nope')).toEqual({ ok: false, reason: expect.stringMatching(/no input 'nope'/) });
  });
});

describe('validation on nodes', () => {
  it('files problems under the node they are about, edges under their target too', () => {
    const broken: WorkflowDocument = {
      ...demo,
      nodes: demo.nodes.map((n) => (n.id === 'user_query' ? { ...n, language: undefined } : n)),
      edges: [...demo.edges, { id: 'bad', source: 'load_documents', sourceHandle: 'documents', target: 'generate_response', targetHandle: 'query' }],
    };
    const problems = documentProblems(broken);
    expect(problems.byNode.get('user_query')?.map((p) => p.code)).toEqual(['missing_language']);
    expect(problems.byEdge.get('bad')?.map((p) => p.code)).toEqual(['type_mismatch']);
    expect(problems.byNode.get('generate_response')?.map((p) => p.code)).toEqual(['type_mismatch']);
    expect(documentProblems(demo).all).toEqual([]);
  });
});

describe('editor store', () => {
  it('undoes and redoes edits, coalesces typing in one field, copies and pastes with new ids', () => {
    const s = useDesigner.getState();
    s.load(structuredClone(demo), {});
    s.apply({ type: 'update-node', id: 'user_query', patch: { name: 'Q' } });
    s.apply({ type: 'update-node', id: 'user_query', patch: { name: 'Qu' } });
    expect(useDesigner.getState().past).toHaveLength(1);
    s.apply({ type: 'remove', nodeIds: ['generate_response'], edgeIds: [] });
    expect(useDesigner.getState().doc.nodes).toHaveLength(6);
    s.undo();
    expect(useDesigner.getState().doc.nodes).toHaveLength(7);
    s.undo();
    expect(useDesigner.getState().doc.nodes.find((n) => n.id === 'user_query')?.name).toBe('User query');
    s.redo();
    expect(useDesigner.getState().doc.nodes.find((n) => n.id === 'user_query')?.name).toBe('Qu');
    s.select(['split_text', 'create_embeddings']);
    s.copySelection();
    s.paste();
    const doc = useDesigner.getState().doc;
    expect(doc.nodes.map((n) => n.id)).toContain('split_text_2');
    expect(doc.edges.map(edgeId)).toContain('split_text_2.chunks->create_embeddings_2.chunks');
    expect(useDesigner.getState().selectedNodes).toEqual(new Set(['split_text_2', 'create_embeddings_2']));
    s.deleteSelection();
    expect(useDesigner.getState().doc.nodes).toHaveLength(7);
  });
});

describe('import, export, layout, templates', () => {
  it('round-trips JSON and YAML, converts 2.0 designer documents, refuses non-workflows with the reason', () => {
    expect(importDocument(exportDocument(demo, 'yaml')).document).toEqual(demo);
    expect(importDocument(exportDocument(demo, 'json')).document).toEqual(demo);
    // A TwinGraph 2.0 designer document (no apiVersion, `data` per node, no positions on the second).
    const legacy = JSON.stringify({
      name: 'legacy',
      nodes: [
        { id: 'node_1', type: 'codeNode', position: { x: 0, y: 0 }, data: { label: 'Generate', language: 'python', code: 'def process(inputs):\n    return {"numbers": [1, 2]}\n', outputs: ['numbers'] } },
        { id: 'node_2', type: 'codeNode', data: { label: 'Sum', language: 'js', code: 'export function process(i) { return { sum: i.numbers.length }; }', inputs: ['numbers'], outputs: ['sum'] } },
      ],
      edges: [{ id: 'e1', source: 'node_1', sourceHandle: 'numbers', target: 'node_2', targetHandle: 'numbers' }],
    });
    const imported = importDocument(legacy);
    expect(imported.warnings.length).toBeGreaterThan(0);
    expect(validateWorkflow(imported.document).ok).toBe(true);
    expect(imported.document.nodes.every((n) => n.position !== undefined)).toBe(true);
    expect(() => importDocument('{"hello": 1}')).toThrow(/no "nodes" list/);
    expect(() => importDocument('{ nope')).toThrow(/Not JSON or YAML/);
  });

  it('lays out left to right in dependency order', () => {
    const at = autoLayout(demo);
    expect(at['load_documents']!.x).toBeLessThan(at['split_text']!.x);
    expect(at['retrieve_context']!.x).toBeLessThan(at['generate_response']!.x);
  });

  it('drops a template twice with fresh ids', () => {
    const first = dropTemplate(emptyDocument(), 'demo-11', { x: 100, y: 100 })!;
    const doc = { ...emptyDocument(), nodes: first.nodes, edges: first.edges };
    expect(validateWorkflow(doc).ok).toBe(true);
    const second = dropTemplate(doc, 'demo-11', { x: 0, y: 500 })!;
    expect(second.nodes.map((n) => n.id)).toContain('load_documents_2');
    expect(second.edges.every((e) => second.nodes.some((n) => n.id === e.source))).toBe(true);
    expect(freeId(doc, 'load documents!')).toBe('load_documents_2');
  });
});

describe('running', () => {
  it('lists the unconnected inputs as workflow inputs', () => {
    expect(workflowInputs(demo).map((i) => `${i.name}:${i.nodes.join('+')}`)).toEqual(['documents:load_documents', 'chunk_size:split_text', 'dimensions:create_embeddings', 'query:user_query', 'top_k:retrieve_context']);
  });

  it('"run this node": its upstream nodes, and the pinned outputs among them that replace their results', () => {
    expect(upstreamNodes(demo, 'store_vectors')).toEqual(['split_text', 'create_embeddings']);
    expect(upstreamNodes(demo, 'load_documents')).toEqual([]);
    const pinned: Record<string, Record<string, unknown>> = { user_query: { query: 'q?' }, split_text: { chunks: [] } };
    expect(upstreamPins(demo, 'generate_response', (id) => pinned[id])).toEqual({ user_query: { query: 'q?' } });
    expect(upstreamPins(demo, 'store_vectors', (id) => pinned[id])).toEqual({ split_text: { chunks: [] } });
    expect(upstreamPins(demo, 'load_documents', (id) => pinned[id])).toEqual({});
  });
});
