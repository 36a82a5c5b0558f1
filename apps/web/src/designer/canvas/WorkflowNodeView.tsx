import { memo, useEffect, useRef } from 'react';
import { Handle, Position, useStore, useUpdateNodeInternals, type Node, type NodeProps, type ReactFlowState } from '@xyflow/react';
import type { WorkflowNode, WorkflowPort } from '@twingraph/model';
import { useDesigner } from '../model/designer-store.js';
import { useRun } from '../run/run-store.js';

export interface WorkflowNodeData extends Record<string, unknown> {
  node: WorkflowNode;
  outputs: WorkflowPort[];
}

export type FlowNode = Node<WorkflowNodeData, 'workflow'>;

const TYPE_ICON: Record<WorkflowNode['type'], string> = { component: '▣', condition: '◇', map: '⇉', loop: '↻', subworkflow: '⧉' };
const LANG_LABEL: Record<string, string> = { python: 'Python', javascript: 'JS', typescript: 'TS', bash: 'Bash', cpp: 'C++', rust: 'Rust' };

const EMPTY: readonly never[] = [];

function subtitle(node: WorkflowNode): string {
  switch (node.type) {
    case 'component':
      return [node.language ? LANG_LABEL[node.language] : node.image ? 'container' : 'no code', node.platform].filter(Boolean).join(' · ');
    case 'condition':
      return `if ${node.expression}`;
    case 'map':
      return `for each ${node.over} → ${node.body || '?'}`;
    case 'loop':
      return `while ${node.while}`;
    case 'subworkflow':
      return node.ref ?? (node.workflow ? 'inline workflow' : 'no workflow');
  }
}

/** Zoomed far out, port labels are unreadable: nodes drop them (far fewer elements to lay out and paint). */
const zoomedOut = (s: ReactFlowState): boolean => s.transform[2] < 0.45;

function PortRow({ port, side, nodeId, compact }: { port: WorkflowPort; side: 'in' | 'out'; nodeId: string; compact: boolean }) {
  return (
    <div className={`port port-${side}`} data-testid={`port-${side}-${nodeId}-${port.name}`}>
      <Handle
        type={side === 'in' ? 'target' : 'source'}
        position={side === 'in' ? Position.Left : Position.Right}
        id={port.name}
        className={`handle handle-${port.type ?? 'any'}`}
        data-testid={`handle-${side}-${nodeId}-${port.name}`}
      />
      {!compact && <span className="port-name">{port.name}</span>}
      {!compact && <span className="port-type">{port.type ?? 'any'}</span>}
    </div>
  );
}

/**
 * One node on the canvas. Memoised, and reads its problems and run state by its own id, so an event
 * for one node re-renders that node only (500-node workflows stay responsive).
 */
function WorkflowNodeViewImpl({ data, selected }: NodeProps<FlowNode>) {
  const { node, outputs } = data;
  const problems = useDesigner((s) => s.problems.byNode.get(node.id) ?? EMPTY);
  const run = useRun((s) => s.nodes[node.id]);
  const status = run?.status;
  const compact = useStore(zoomedOut);
  // React Flow measures handles once per size change: renamed or added ports must be measured again,
  // or edges could not attach to them.
  const updateNodeInternals = useUpdateNodeInternals();
  const portsKey = `${node.inputs.map((p) => p.name).join(',')}|${outputs.map((p) => p.name).join(',')}`;
  const measuredPorts = useRef(portsKey);
  useEffect(() => {
    // On mount React Flow measures by itself; calling it for 500 new nodes at once would be quadratic.
    if (measuredPorts.current === portsKey) return;
    measuredPorts.current = portsKey;
    updateNodeInternals(node.id);
  }, [portsKey, node.id, updateNodeInternals]);
  const classes = ['wf-node', `wf-node-${node.type}`, compact ? 'compact' : '', selected ? 'selected' : '', problems.length > 0 ? 'has-problems' : '', status ? `run-${status}` : ''];
  const maxAttempts = node.type === 'component' ? node.retry?.maxAttempts : undefined;
  return (
    <div className={classes.join(' ')} data-testid={`node-${node.id}`} data-status={status ?? ''} data-problems={problems.length}>
      <div className="wf-node-header">
        <span className="wf-node-icon" aria-hidden>
          {TYPE_ICON[node.type]}
        </span>
        <div className="wf-node-titles">
          <div className="wf-node-title" title={node.name ?? node.id}>
            {node.name ?? node.id}
          </div>
          <div className="wf-node-sub" title={subtitle(node)}>
            {node.id !== (node.name ?? node.id) ? `${node.id} · ` : ''}
            {subtitle(node)}
          </div>
        </div>
        {problems.length > 0 && (
          <span className="wf-node-problems" data-testid={`node-problems-${node.id}`} title={problems.map((p) => p.message).join('\n')}>
            {problems.length}
          </span>
        )}
      </div>
      <div className="wf-node-ports">
        <div className="ports-in">
          {node.inputs.map((p) => (
            <PortRow key={p.name} port={p} side="in" nodeId={node.id} compact={compact} />
          ))}
        </div>
        <div className="ports-out">
          {outputs.map((p) => (
            <PortRow key={p.name} port={p} side="out" nodeId={node.id} compact={compact} />
          ))}
        </div>
      </div>
      {problems.length > 0 && !compact && (
        <div className="wf-node-problem-text" data-testid={`node-problem-text-${node.id}`}>
          {problems[0]?.message}
          {problems.length > 1 ? ` (+${problems.length - 1} more)` : ''}
        </div>
      )}
      {run && (
        <div className="wf-node-run" data-testid={`node-run-${node.id}`}>
          <span className={`badge status-${run.status}`} data-testid={`node-status-${node.id}`}>
            {run.status}
          </span>
          {(run.attempt > 1 || run.retries > 0) && (
            <span className="badge" data-testid={`node-attempt-${node.id}`} title="attempt / max attempts">
              attempt {run.attempt}
              {maxAttempts ? `/${maxAttempts}` : ''}
            </span>
          )}
          {run.durationMs !== undefined && <span className="wf-node-duration">{formatMs(run.durationMs)}</span>}
        </div>
      )}
    </div>
  );
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  return `${Math.floor(ms / 60_000)} m ${Math.round((ms % 60_000) / 1000)} s`;
}

export const WorkflowNodeView = memo(WorkflowNodeViewImpl);
