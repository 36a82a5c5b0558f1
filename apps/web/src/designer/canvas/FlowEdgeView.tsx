import { memo } from 'react';
import { BaseEdge, EdgeLabelRenderer, getBezierPath, type Edge, type EdgeProps } from '@xyflow/react';
import { useDesigner } from '../model/designer-store.js';
import { useRun } from '../run/run-store.js';

export interface FlowEdgeData extends Record<string, unknown> {
  sourceHandle: string | undefined;
}

export type FlowEdge = Edge<FlowEdgeData, 'flow'>;

/** Items that went through an edge in the current run: an array's length, else one value. */
function itemCount(outputs: Record<string, unknown> | undefined, handle: string | undefined): number | undefined {
  if (!outputs) return undefined;
  const value = handle === undefined ? outputs : outputs[handle];
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.length : 1;
}

function FlowEdgeViewImpl(props: EdgeProps<FlowEdge>) {
  const { id, source, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, selected, data, markerEnd } = props;
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const hasProblem = useDesigner((s) => s.problems.byEdge.has(id));
  const sourceRun = useRun((s) => s.nodes[source]);
  const ok = sourceRun?.status === 'succeeded' || sourceRun?.status === 'cached';
  const count = ok ? itemCount(sourceRun.outputs, data?.sourceHandle) : undefined;
  const cls = ['flow-edge', selected ? 'selected' : '', hasProblem ? 'has-problem' : '', ok ? 'done' : sourceRun?.status === 'running' ? 'active' : ''].join(' ');
  return (
    <>
      <BaseEdge id={id} path={path} className={cls} {...(markerEnd === undefined ? {} : { markerEnd })} />
      {count !== undefined && (
        <EdgeLabelRenderer>
          <div className="edge-count nodrag nopan" style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }} data-testid={`edge-count-${id}`}>
            {count} {count === 1 ? 'item' : 'items'}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

export const FlowEdgeView = memo(FlowEdgeViewImpl);
