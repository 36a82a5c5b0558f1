import type { WorkflowDocument, WorkflowEdge, WorkflowNode } from '@twingraph/model';
import { edgeId } from '../model/document-changes.js';
import { freeId } from '../model/node-factory.js';
import { findTemplate } from './workflow-templates.js';

/**
 * The nodes and edges a template adds when dropped at `at`: ids that already exist get a suffix
 * (edges and map/loop bodies follow), and the template's top-left corner lands on the drop point.
 */
export function dropTemplate(doc: WorkflowDocument, templateId: string, at: { x: number; y: number }): { nodes: WorkflowNode[]; edges: WorkflowEdge[] } | undefined {
  const template = findTemplate(templateId);
  if (!template) return undefined;
  const src = structuredClone(template.document);
  const minX = Math.min(...src.nodes.map((n) => n.position?.x ?? 0));
  const minY = Math.min(...src.nodes.map((n) => n.position?.y ?? 0));
  const rename = new Map<string, string>();
  const taken = new Set<string>();
  for (const n of src.nodes) {
    const id = freeId(doc, n.id, taken);
    taken.add(id);
    rename.set(n.id, id);
  }
  const nodes = src.nodes.map((n) => {
    let copy = { ...n, inputs: n.inputs ?? [], outputs: n.outputs ?? [], id: rename.get(n.id) as string, position: { x: Math.round(at.x + (n.position?.x ?? 0) - minX), y: Math.round(at.y + (n.position?.y ?? 0) - minY) } } as WorkflowNode;
    if ((copy.type === 'map' || copy.type === 'loop') && rename.has(copy.body)) copy = { ...copy, body: rename.get(copy.body) as string };
    return copy;
  });
  const edges = (src.edges ?? []).map((e) => {
    const moved = { ...e, source: rename.get(e.source) ?? e.source, target: rename.get(e.target) ?? e.target, id: undefined };
    return { ...moved, id: edgeId(moved) };
  });
  return { nodes, edges };
}
