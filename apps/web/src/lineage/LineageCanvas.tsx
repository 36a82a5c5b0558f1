import cytoscape, { type Core, type ElementDefinition, type LayoutOptions, type StylesheetJson } from 'cytoscape';
import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';
import type { LineageGraph } from '@twingraph/model';
import { colourOf, dataFlowEdges, layeredPositions, type ColourBy } from './lineage-elements.js';

const EMPTY: ReadonlySet<string> = new Set();

export type LayoutName = 'layered' | 'breadthfirst' | 'grid' | 'circle' | 'concentric' | 'cose';

/** Past this many vertices labels show only when zoomed in and edges are drawn the cheap way. */
const LARGE = 800;
/** Force-directed layout is refused above this size (it would stall the page). */
export const COSE_LIMIT = 1500;

export interface LineageCanvasHandle {
  png(): Promise<Blob>;
  fit(): void;
}

export interface LineageCanvasProps {
  graph: LineageGraph;
  colourBy: ColourBy;
  layout: LayoutName;
  /** Vertices hidden by the filters. */
  hidden: ReadonlySet<string>;
  /** Vertices matching the search (others are dimmed); empty: no search. */
  matches: ReadonlySet<string>;
  focus: string | undefined;
  selected: string | undefined;
  onSelect: (executionId: string | undefined) => void;
  /** Called once the graph is laid out and drawn, with the time it took. */
  onRendered?: (ms: number) => void;
}

/** Zoom above which a large graph shows every label (measuring thousands of labels costs seconds). */
const LABEL_ZOOM = 0.9;

// Both colours are data of each vertex: switching the colouring is one stylesheet change, not 5,000 data writes.
function styles(large: boolean, colourBy: ColourBy, labels = !large): StylesheetJson {
  return [
    {
      selector: 'node',
      style: {
        label: labels ? 'data(name)' : '', 'background-color': colourBy === 'status' ? 'data(statusColour)' : 'data(platformColour)', width: 18, height: 18, 'font-size': 9, color: '#1d2330',
        'text-valign': 'bottom', 'text-margin-y': 3, 'min-zoomed-font-size': large ? 9 : 0, 'border-width': 0,
        'text-max-width': '140px', 'text-wrap': 'ellipsis',
      },
    },
    {
      selector: 'edge',
      style: large
        ? { width: 1, 'line-color': '#c3c9d3', 'curve-style': 'haystack', 'haystack-radius': 0 }
        : { width: 1.3, 'line-color': '#b4bcc8', 'target-arrow-color': '#b4bcc8', 'target-arrow-shape': 'triangle', 'arrow-scale': 0.8, 'curve-style': 'bezier' },
    },
    { selector: 'edge.cached', style: { 'line-style': 'dashed', 'line-color': '#7b61c9', 'target-arrow-color': '#7b61c9' } },
    // Vertices the user looks at always carry their name.
    { selector: 'node.focus, node.match, node:selected', style: { label: 'data(name)' } },
    { selector: 'node.focus', style: { 'border-width': 3, 'border-color': '#1d2330', width: 24, height: 24 } },
    { selector: 'node.match', style: { 'border-width': 3, 'border-color': '#f5a623' } },
    { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#4f5bd5', 'overlay-opacity': 0 } },
    { selector: '.dim', style: { opacity: 0.15 } },
    { selector: '.hidden', style: { display: 'none' } },
  ];
}

/** A small graph fitted to the canvas would be drawn huge: cap the zoom after each layout. */
function capZoom(cy: Core): void {
  if (cy.zoom() > 1.25) {
    cy.zoom(1.25);
    cy.center();
  }
}

function layoutOptions(name: LayoutName, graph: LineageGraph): LayoutOptions {
  if (name === 'layered') {
    const positions = layeredPositions(graph.components.map((c) => c.executionId), dataFlowEdges(graph).filter((e) => e.label === 'DEPENDS_ON'));
    return { name: 'preset', positions: Object.fromEntries(positions), fit: true, padding: 30, animate: false };
  }
  if (name === 'cose') return { name: 'cose', animate: false, fit: true, padding: 30, numIter: 600 };
  if (name === 'breadthfirst') return { name: 'breadthfirst', directed: true, spacingFactor: 0.9, fit: true, padding: 30, animate: false };
  return { name, fit: true, padding: 30, animate: false };
}

/** The lineage graph on a canvas (cytoscape): thousands of vertices stay responsive. */
export const LineageCanvas = forwardRef<LineageCanvasHandle, LineageCanvasProps>(function LineageCanvas(props, ref) {
  const container = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | undefined>(undefined);
  const propsRef = useRef(props);
  propsRef.current = props;
  /** What the canvas shows now, to change only what differs. */
  const applied = useRef<{ hidden: ReadonlySet<string>; matches: ReadonlySet<string>; focus: string | undefined; large: boolean }>({ hidden: EMPTY, matches: EMPTY, focus: undefined, large: false });

  useImperativeHandle(ref, () => ({
    png: () => {
      const cy = cyRef.current;
      if (cy === undefined) return Promise.reject(new Error('Nothing to export yet'));
      return cy.png({ output: 'blob-promise', full: true, bg: '#ffffff', maxWidth: 8000, maxHeight: 8000 });
    },
    fit: () => cyRef.current?.fit(undefined, 30),
  }));

  // A new graph: a new cytoscape instance (options such as textureOnViewport depend on the size).
  useEffect(() => {
    const el = container.current;
    if (el === null) return undefined;
    const started = performance.now();
    const { graph, colourBy } = propsRef.current;
    const large = graph.components.length > LARGE;
    const hidden = propsRef.current.hidden;
    const elements: ElementDefinition[] = [
      ...graph.components.map((c) => ({
        group: 'nodes' as const,
        data: { id: c.executionId, name: c.name, statusColour: colourOf(c, 'status'), platformColour: colourOf(c, 'platform') },
        classes: hidden.has(c.executionId) ? 'hidden' : '',
      })),
      ...dataFlowEdges(graph).map((e) => ({ group: 'edges' as const, data: { id: `${e.label}:${e.source}:${e.target}`, source: e.source, target: e.target }, classes: e.label === 'CACHED_FROM' ? 'cached' : '' })),
    ];
    const cy = cytoscape({
      container: el,
      elements,
      style: styles(large, colourBy),
      layout: { name: 'preset' },
      minZoom: 0.02,
      maxZoom: 4,
      wheelSensitivity: 0.3,
      textureOnViewport: large,
      hideEdgesOnViewport: large,
      pixelRatio: large ? 1 : 'auto',
      boxSelectionEnabled: false,
      selectionType: 'single',
    });
    cyRef.current = cy;
    applied.current = { hidden, matches: EMPTY, focus: undefined, large };
    cy.on('tap', 'node', (event) => propsRef.current.onSelect((event.target as { id(): string }).id()));
    cy.on('tap', (event) => {
      if (event.target === cy) propsRef.current.onSelect(undefined);
    });
    cy.one('render', () => propsRef.current.onRendered?.(performance.now() - started));
    if (large) {
      let labelled = false;
      cy.on('zoom', () => {
        const want = cy.zoom() >= LABEL_ZOOM;
        if (want === labelled) return;
        labelled = want;
        cy.style(styles(true, propsRef.current.colourBy, want));
      });
    }
    const layout = propsRef.current.layout === 'cose' && graph.components.length > COSE_LIMIT ? 'layered' : propsRef.current.layout;
    cy.on('layoutstop', () => capZoom(cy));
    cy.layout(layoutOptions(layout, graph)).run();
    return () => {
      cy.destroy();
      cyRef.current = undefined;
    };
  }, [props.graph]);

  useEffect(() => {
    const cy = cyRef.current;
    if (cy === undefined) return;
    const started = performance.now();
    const { graph } = propsRef.current;
    const layout = props.layout === 'cose' && graph.components.length > COSE_LIMIT ? 'layered' : props.layout;
    cy.one('render', () => propsRef.current.onRendered?.(performance.now() - started));
    cy.layout(layoutOptions(layout, graph)).run();
  }, [props.layout]);

  useEffect(() => {
    const cy = cyRef.current;
    if (cy === undefined) return;
    cy.style(styles(applied.current.large, props.colourBy, !applied.current.large || cy.zoom() >= LABEL_ZOOM));
  }, [props.colourBy]);

  // Only vertices whose state changed are touched: a search or filter on a big graph stays cheap.
  useEffect(() => {
    const cy = cyRef.current;
    if (cy === undefined) return;
    const before = applied.current;
    const toggle = (previous: ReadonlySet<string>, next: ReadonlySet<string>, cls: string) => {
      for (const id of previous) if (!next.has(id)) cy.getElementById(id).removeClass(cls);
      for (const id of next) if (!previous.has(id)) cy.getElementById(id).addClass(cls);
    };
    cy.batch(() => {
      toggle(before.hidden, props.hidden, 'hidden');
      toggle(before.matches, props.matches, 'match');
      // Dimming touches every vertex: only on graphs small enough for that to be instant.
      if (!before.large && before.matches !== props.matches) cy.nodes().forEach((n) => void n.toggleClass('dim', props.matches.size > 0 && !props.matches.has(n.id())));
      if (before.focus !== props.focus) {
        if (before.focus !== undefined) cy.getElementById(before.focus).removeClass('focus');
        if (props.focus !== undefined) cy.getElementById(props.focus).addClass('focus');
      }
    });
    applied.current = { ...before, hidden: props.hidden, matches: props.matches, focus: props.focus };
  }, [props.hidden, props.matches, props.focus, props.graph]);

  useEffect(() => {
    const cy = cyRef.current;
    if (cy === undefined) return;
    cy.nodes(':selected').unselect();
    if (props.selected === undefined) return;
    const node = cy.getElementById(props.selected);
    if (node.empty()) return;
    node.select();
    const extent = cy.extent();
    const p = node.position();
    if (p.x < extent.x1 || p.x > extent.x2 || p.y < extent.y1 || p.y > extent.y2) cy.center(node);
  }, [props.selected, props.graph]);

  return <div ref={container} className="lineage-canvas" data-testid="lineage-canvas" data-node-count={props.graph.components.length} />;
});
