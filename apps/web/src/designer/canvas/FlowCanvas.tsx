import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import {
  Background,
  BackgroundVariant,
  Controls,
  MarkerType,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type NodeChange,
} from '@xyflow/react';
import { toastError } from '../../app/toast-store.js';
import { useDesigner } from '../model/designer-store.js';
import { checkConnection } from '../model/port-compatibility.js';
import { createNode } from '../model/node-factory.js';
import { dropTemplate } from '../templates/drop-template.js';
import { PALETTE_MIME, parsePaletteDrag } from '../panels/palette-items.js';
import { FlowElementCache } from './flow-elements.js';
import { FlowEdgeView } from './FlowEdgeView.js';
import { WorkflowNodeView, type FlowNode } from './WorkflowNodeView.js';

const nodeTypes = { workflow: WorkflowNodeView };
const edgeTypes = { flow: FlowEdgeView };
const defaultEdgeOptions = { markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 } };

export interface FlowCanvasProps {
  /** Double click on a node (opens its run view when a run is shown). */
  onOpenNode: (id: string) => void;
  /** The canvas is a live run view: no editing. */
  readOnly: boolean;
}

export function FlowCanvas({ onOpenNode, readOnly }: FlowCanvasProps) {
  const doc = useDesigner((s) => s.doc);
  const selectedNodes = useDesigner((s) => s.selectedNodes);
  const selectedEdges = useDesigner((s) => s.selectedEdges);
  const cache = useRef(new FlowElementCache()).current;
  const [measureTick, setMeasureTick] = useState(0);
  const { screenToFlowPosition, fitView } = useReactFlow();
  const loadSeq = useDesigner((s) => s.loadSeq);
  // A newly opened document is fitted to the view once its nodes are measured.
  useEffect(() => {
    if (loadSeq === 0) return undefined;
    const timer = setTimeout(() => void fitView({ padding: 0.15, maxZoom: 1, duration: 0 }), 60);
    return () => clearTimeout(timer);
  }, [loadSeq, fitView]);

  const nodes = useMemo(() => cache.flowNodes(doc, selectedNodes), [cache, doc, selectedNodes, measureTick]);
  // Keyed on the edge list, not the document: moving a node must not hand React Flow a new edge array
  // (it rebuilds its connection lookup for every new one).
  const docEdges = useDesigner((s) => s.doc.edges);
  const edges = useMemo(() => cache.flowEdges(docEdges, selectedEdges), [cache, docEdges, selectedEdges]);
  const dragging = useRef(false);

  const onNodesChange = useCallback(
    (changes: NodeChange<FlowNode>[]) => {
      const store = useDesigner.getState();
      const positions: Record<string, { x: number; y: number }> = {};
      let moved = false;
      let measuredChanged = false;
      let selection: Set<string> | undefined;
      for (const c of changes) {
        if (c.type === 'position' && c.position) {
          if (!dragging.current && c.dragging) {
            dragging.current = true;
            store.checkpoint();
          }
          if (c.dragging === false) dragging.current = false;
          positions[c.id] = c.position;
          moved = true;
        } else if (c.type === 'dimensions' && c.dimensions) {
          const prev = cache.measured.get(c.id);
          if (!prev || prev.width !== c.dimensions.width || prev.height !== c.dimensions.height) {
            cache.measured.set(c.id, c.dimensions);
            measuredChanged = true;
          }
        } else if (c.type === 'select') {
          selection ??= new Set(useDesigner.getState().selectedNodes);
          if (c.selected) selection.add(c.id);
          else selection.delete(c.id);
        }
      }
      if (moved && !readOnly) store.apply({ type: 'move', positions }, { record: false });
      if (measuredChanged) setMeasureTick((t) => t + 1);
      if (selection) store.select(selection, useDesigner.getState().selectedEdges);
    },
    [cache, readOnly],
  );

  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    let selection: Set<string> | undefined;
    for (const c of changes) {
      if (c.type === 'select') {
        selection ??= new Set(useDesigner.getState().selectedEdges);
        if (c.selected) selection.add(c.id);
        else selection.delete(c.id);
      }
    }
    if (selection) useDesigner.getState().select(useDesigner.getState().selectedNodes, selection);
  }, []);

  const onConnect = useCallback((c: Connection) => {
    const store = useDesigner.getState();
    const check = checkConnection(store.doc, c.source, c.sourceHandle, c.target, c.targetHandle);
    if (!check.ok) {
      toastError('Connection refused', check.reason);
      return;
    }
    store.apply({ type: 'connect', edge: { source: c.source, sourceHandle: c.sourceHandle ?? undefined, target: c.target, targetHandle: c.targetHandle ?? undefined } });
  }, []);

  const onDragOver = useCallback((e: DragEvent) => {
    if (e.dataTransfer.types.includes(PALETTE_MIME)) {
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    }
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const item = parsePaletteDrag(e.dataTransfer.getData(PALETTE_MIME));
      if (!item) return;
      e.preventDefault();
      const at = screenToFlowPosition({ x: e.clientX, y: e.clientY });
      const store = useDesigner.getState();
      if (item.kind === 'template') {
        const added = dropTemplate(store.doc, item.template, at);
        if (added) {
          store.apply({ type: 'add-nodes', nodes: added.nodes, edges: added.edges });
          store.select(added.nodes.map((n) => n.id));
        }
        return;
      }
      const node = createNode(store.doc, item, { x: at.x - 110, y: at.y - 30 });
      store.apply({ type: 'add-nodes', nodes: [node] });
      store.select([node.id]);
    },
    [screenToFlowPosition],
  );

  return (
    <div className="flow-canvas" data-testid="designer-canvas" onDragOver={onDragOver} onDrop={onDrop}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        defaultEdgeOptions={defaultEdgeOptions}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onNodeDoubleClick={(_e, n) => onOpenNode(n.id)}
        onPaneClick={() => useDesigner.getState().select([], [])}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={['Meta', 'Control']}
        onlyRenderVisibleElements={nodes.length > 150}
        minZoom={0.05}
        proOptions={{ hideAttribution: true }}
      >
        <Background variant={BackgroundVariant.Dots} gap={16} size={1} color="#cfd4dc" />
        <MiniMap pannable zoomable nodeStrokeWidth={2} data-testid="designer-minimap" nodeColor={miniMapColor} />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}

function miniMapColor(n: FlowNode): string {
  return n.data.node.type === 'component' ? '#aab3ff' : '#ffd18a';
}
