import { implicitOutputs, type WorkflowDocument, type WorkflowNode, type WorkflowPort } from '@twingraph/model';

/** Output ports a node offers: declared ones plus a condition's branches, a map's results, a loop's state. */
export function outputPortsOf(node: WorkflowNode, byId: ReadonlyMap<string, WorkflowNode>): WorkflowPort[] {
  const declared = node.outputs;
  const implicit = implicitOutputs(node, byId).filter((p) => !declared.some((d) => d.name === p.name));
  return [...declared, ...implicit];
}

export type ConnectionCheck = { ok: true } | { ok: false; reason: string };

/**
 * Whether `source.sourceHandle → target.targetHandle` may be drawn, and if not, why — the same rules
 * validateWorkflow applies (types equal or one of them `any`), plus the ones only an editor meets
 * (self loops, a port fed twice, a map/loop body getting edges, cycles).
 */
export function checkConnection(doc: WorkflowDocument, source: string, sourceHandle: string | null | undefined, target: string, targetHandle: string | null | undefined): ConnectionCheck {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const from = byId.get(source);
  const to = byId.get(target);
  if (!from || !to) return { ok: false, reason: 'Both ends of an edge must be nodes of this workflow.' };
  if (source === target) return { ok: false, reason: `A node cannot feed itself ('${source}'); use a loop node to repeat work.` };
  const bodies = new Set(doc.nodes.flatMap((n) => (n.type === 'map' || n.type === 'loop' ? [n.body] : [])));
  for (const id of [source, target]) {
    if (bodies.has(id)) return { ok: false, reason: `'${id}' is the body of a map or loop node, so it has no edges of its own: connect the map/loop node instead.` };
  }
  const out = outputPortsOf(from, byId).find((p) => p.name === sourceHandle);
  const inp = to.inputs.find((p) => p.name === targetHandle);
  if (!out) return { ok: false, reason: `'${source}' has no output '${sourceHandle ?? ''}'.` };
  if (!inp) return { ok: false, reason: `'${target}' has no input '${targetHandle ?? ''}'.` };
  if (out.type !== inp.type && out.type !== 'any' && inp.type !== 'any') {
    return { ok: false, reason: `Output '${source}.${out.name}' is ${out.type} but input '${target}.${inp.name}' expects ${inp.type}. Connect ports of the same type, or declare one of them "any".` };
  }
  if (doc.edges.some((e) => e.target === target && e.targetHandle === targetHandle)) {
    return { ok: false, reason: `Input '${target}.${inp.name}' is already connected; delete that edge first.` };
  }
  if (reaches(doc, target, source)) return { ok: false, reason: `This edge would close a cycle (${target} already leads to ${source}); use a loop node to repeat work.` };
  return { ok: true };
}

function reaches(doc: WorkflowDocument, from: string, to: string): boolean {
  const next = new Map<string, string[]>();
  for (const e of doc.edges) next.set(e.source, [...(next.get(e.source) ?? []), e.target]);
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (id === to) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(next.get(id) ?? []));
  }
  return false;
}
