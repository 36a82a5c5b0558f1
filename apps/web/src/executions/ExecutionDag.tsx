import dagre from '@dagrejs/dagre';
import { Background, Controls, Handle, MiniMap, Position, ReactFlow, useNodesState, type Edge, type Node, type NodeProps, type ReactFlowInstance } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { memo, useEffect, useMemo, useRef } from 'react';
import type { NodeRecord } from '@twingraph/model';
import { durationBetween, formatDuration } from './monitor-format.js';

const WIDTH = 190;
const HEIGHT = 58;

type DagNodeData = { node: NodeRecord; selected: boolean; retries: number };
type DagNode = Node<DagNodeData, 'execution'>;

const ExecutionNodeView = memo(function ExecutionNodeView({ data }: NodeProps<DagNode>) {
  const { node, selected, retries } = data;
  const attempts = Math.max(node.attempts.length, retries);
  return (
    <div
      className={`dag-node status-border-${node.status}${selected ? ' selected' : ''}`}
      data-testid="dag-node"
      data-name={node.name}
      data-status={node.status}
      title={`${node.name} (${node.status}) ${node.hash}`}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <div className="dag-node-title">
        <span className={`dot status-dot-${node.status}`} />
        {node.name}
      </div>
      <div className="dag-node-meta">
        <span>{node.platform}</span>
        <span>{node.status}</span>
        <span>{formatDuration(durationBetween(node.startedAt, node.completedAt))}</span>
        {attempts > 1 && <span title="attempts">×{attempts}</span>}
        {node.cachedFrom !== undefined && <span title="outputs reused from an earlier execution">cached</span>}
      </div>
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
});

const nodeTypes = { execution: ExecutionNodeView };

/** Left-to-right layered positions (dagre), by node execution id. */
function layout(nodes: readonly NodeRecord[]): Map<string, { x: number; y: number }> {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 24, ranksep: 60, marginx: 10, marginy: 10 });
  g.setDefaultEdgeLabel(() => ({}));
  const ids = new Set(nodes.map((n) => n.executionId));
  for (const n of nodes) g.setNode(n.executionId, { width: WIDTH, height: HEIGHT });
  for (const n of nodes) for (const p of n.parents) if (ids.has(p)) g.setEdge(p, n.executionId);
  dagre.layout(g);
  const out = new Map<string, { x: number; y: number }>();
  for (const n of nodes) {
    const p = g.node(n.executionId) as { x: number; y: number } | undefined;
    out.set(n.executionId, p === undefined ? { x: 0, y: 0 } : { x: p.x - WIDTH / 2, y: p.y - HEIGHT / 2 });
  }
  return out;
}

/** The run's DAG, read-only: nodes coloured by live status; a click selects a node. */
export function ExecutionDag({ nodes, selected, retries, onSelect }: { nodes: readonly NodeRecord[]; selected: string | undefined; retries: Record<string, number>; onSelect: (id: string | undefined) => void }) {
  // Layout only when the set of nodes changes, not on every status update.
  const shape = nodes.map((n) => `${n.executionId}<${n.parents.join(',')}`).join('|');
  const positions = useMemo(() => layout(nodes), [shape]);
  // React Flow keeps each node's measured size on the node object: reuse the previous objects (and
  // apply its own changes) so a status update does not hide nodes until they are measured again.
  const [flowNodes, setFlowNodes, onNodesChange] = useNodesState<DagNode>([]);
  useEffect(() => {
    setFlowNodes((previous) => {
      const byId = new Map(previous.map((n) => [n.id, n]));
      return nodes.map((n) => ({
        ...byId.get(n.executionId),
        id: n.executionId,
        type: 'execution' as const,
        position: positions.get(n.executionId) ?? { x: 0, y: 0 },
        data: { node: n, selected: n.executionId === selected, retries: retries[n.executionId] ?? 0 },
        draggable: false,
        connectable: false,
      }));
    });
  }, [nodes, positions, selected, retries, setFlowNodes]);
  // A live run adds nodes as they start: keep the whole DAG in view when the count changes.
  const flow = useRef<ReactFlowInstance<DagNode> | undefined>(undefined);
  useEffect(() => {
    const timer = setTimeout(() => void flow.current?.fitView({ padding: 0.15, maxZoom: 1 }), 50);
    return () => clearTimeout(timer);
  }, [nodes.length]);
  const ids = new Set(nodes.map((n) => n.executionId));
  const edges: Edge[] = nodes.flatMap((n) =>
    n.parents.filter((p) => ids.has(p)).map((p) => ({ id: `${p}->${n.executionId}`, source: p, target: n.executionId, animated: n.status === 'running' })),
  );
  return (
    <div className="execution-dag" data-testid="execution-dag">
      <ReactFlow
        nodes={flowNodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onInit={(instance) => {
          flow.current = instance;
        }}
        fitView
        fitViewOptions={{ padding: 0.15, maxZoom: 1 }}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable
        onNodeClick={(_e, node) => onSelect(node.id)}
        onPaneClick={() => onSelect(undefined)}
        proOptions={{ hideAttribution: true }}
        minZoom={0.1}
      >
        <Background gap={16} size={1} />
        <Controls showInteractive={false} />
        {nodes.length > 12 && <MiniMap pannable zoomable />}
      </ReactFlow>
    </div>
  );
}
