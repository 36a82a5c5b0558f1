import type { ComponentVertex, LineageGraph } from '@twingraph/model';

/** An indented tree from the start vertex; a vertex reached again is shown once and then referenced. */
export function formatLineageText(start: ComponentVertex, graph: LineageGraph, direction: 'upstream' | 'downstream'): string {
  const byId = new Map(graph.components.map((c) => [c.executionId, c]));
  const next = new Map<string, string[]>();
  for (const edge of graph.edges) {
    if (edge.label !== 'DEPENDS_ON') continue;
    const [from, to] = direction === 'upstream' ? [edge.from, edge.to] : [edge.to, edge.from];
    const list = next.get(from) ?? [];
    if (!list.includes(to)) list.push(to);
    next.set(from, list);
  }
  const lines = [`${direction === 'upstream' ? 'Upstream' : 'Downstream'} lineage of ${start.name} (${start.executionId}); ${graph.components.length} executions`];
  const shown = new Set<string>();
  const walk = (id: string, prefix: string, childPrefix: string): void => {
    const vertex = byId.get(id);
    const label = vertex === undefined ? id : `${vertex.name}  ${vertex.status}  hash ${vertex.hash.slice(0, 12)}  ${vertex.executionId}`;
    if (shown.has(id)) {
      lines.push(`${prefix}${vertex?.name ?? id} ${vertex?.executionId ?? ''} (shown above)`);
      return;
    }
    shown.add(id);
    lines.push(`${prefix}${label}`);
    const children = next.get(id) ?? [];
    children.forEach((child, index) => {
      const last = index === children.length - 1;
      walk(child, `${childPrefix}${last ? '└─ ' : '├─ '}`, `${childPrefix}${last ? '   ' : '│  '}`);
    });
  };
  walk(start.executionId, '', '');
  return lines.join('\n');
}

/** Graphviz DOT: one node per execution, DEPENDS_ON edges child → parent. */
export function formatLineageDot(graph: LineageGraph): string {
  const quote = (text: string): string => JSON.stringify(text);
  const lines = ['digraph lineage {', '  rankdir=BT;', '  node [shape=box, style=rounded];'];
  for (const c of graph.components) {
    const colour = c.status === 'failed' ? 'red' : c.status === 'cached' ? 'blue' : c.status === 'succeeded' ? 'darkgreen' : 'gray';
    lines.push(`  ${quote(c.executionId)} [label=${quote(`${c.name}\n${c.status}\n${c.hash.slice(0, 12)}`)}, color=${colour}];`);
  }
  for (const e of graph.edges) if (e.label === 'DEPENDS_ON') lines.push(`  ${quote(e.from)} -> ${quote(e.to)};`);
  lines.push('}');
  return lines.join('\n');
}
