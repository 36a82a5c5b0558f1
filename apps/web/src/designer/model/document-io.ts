import { parse, stringify } from 'yaml';
import { importLegacyWorkflow, isLegacyWorkflow, TwinGraphError, type WorkflowDocument, type WorkflowNode } from '@twingraph/model';
import { autoLayout } from './auto-layout.js';

export interface ImportedDocument {
  document: WorkflowDocument;
  warnings: string[];
}

/**
 * Reads a JSON or YAML workflow document (TwinGraph 2.0 designer documents are converted). It only
 * needs the shape the editor works on — a `nodes` list — so an invalid document still opens and shows
 * its problems on the nodes; anything that is not a workflow at all is refused with the reason.
 */
export function importDocument(text: string): ImportedDocument {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new TwinGraphError('ERR_VALIDATION', `Not JSON or YAML: ${error instanceof Error ? error.message : String(error)}`, { hint: 'Paste or choose a workflow document (twingraph/v1, JSON or YAML).' });
  }
  const warnings: string[] = [];
  if (isLegacyWorkflow(raw)) {
    const imported = importLegacyWorkflow(raw);
    warnings.push(...imported.warnings);
    raw = imported.document;
  }
  if (typeof raw !== 'object' || raw === null || !Array.isArray((raw as { nodes?: unknown }).nodes)) {
    throw new TwinGraphError('ERR_VALIDATION', 'This is not a workflow document: it has no "nodes" list', { hint: 'A workflow document has apiVersion "twingraph/v1", kind "Workflow", metadata, nodes and edges (docs/workflow-format.md).' });
  }
  const obj = raw as Record<string, unknown> & { nodes: unknown[] };
  const nodes = obj.nodes.map((n, i) => {
    const node = (typeof n === 'object' && n !== null ? n : { id: `node_${i + 1}` }) as Record<string, unknown>;
    return { ...node, inputs: Array.isArray(node.inputs) ? node.inputs : [], outputs: Array.isArray(node.outputs) ? node.outputs : [] } as unknown as WorkflowNode;
  });
  const metadata = typeof obj.metadata === 'object' && obj.metadata !== null ? (obj.metadata as WorkflowDocument['metadata']) : { name: 'imported-workflow' };
  let document = { ...obj, metadata, nodes, edges: Array.isArray(obj.edges) ? (obj.edges as WorkflowDocument['edges']) : [] } as WorkflowDocument;
  // Hand-written documents often have no positions: lay them out once.
  if (document.nodes.some((n) => n.position === undefined)) {
    const positions = autoLayout(document);
    document = { ...document, nodes: document.nodes.map((n) => (n.position === undefined && positions[n.id] ? { ...n, position: positions[n.id] } : n)) };
  }
  return { document, warnings };
}

export function exportDocument(doc: WorkflowDocument, format: 'json' | 'yaml'): string {
  return format === 'json' ? `${JSON.stringify(doc, null, 2)}\n` : stringify(doc, { lineWidth: 0 });
}

/** Offers `text` as a file download. */
export function downloadText(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
