import { create } from 'zustand';
import type { WorkflowDocument, WorkflowEdge, WorkflowNode } from '@twingraph/model';
import { applyChange, edgeId, type DocumentChange } from './document-changes.js';
import { documentProblems, type DocumentProblems } from './document-problems.js';
import { emptyDocument, freeId } from './node-factory.js';

const HISTORY_LIMIT = 200;

export interface Clipboard {
  nodes: WorkflowNode[];
  edges: WorkflowEdge[];
}

export interface DesignerState {
  doc: WorkflowDocument;
  /** Saved workflow id, once saved or loaded. */
  workflowId: string | undefined;
  /** Version last saved or loaded. */
  version: number | undefined;
  /** The document differs from the saved version. */
  dirty: boolean;
  problems: DocumentProblems;
  selectedNodes: ReadonlySet<string>;
  selectedEdges: ReadonlySet<string>;
  past: WorkflowDocument[];
  future: WorkflowDocument[];
  clipboard: Clipboard | undefined;
  /** Bumped when a whole new document comes in (open, import, template), so the canvas fits it to view. */
  loadSeq: number;

  /** Applies an edit. `record: false` is for intermediate steps (a drag in progress) that undo skips. */
  apply(change: DocumentChange, options?: { record?: boolean }): void;
  /** Records the state before a gesture (drag start), so the whole gesture undoes in one step. */
  checkpoint(): void;
  undo(): void;
  redo(): void;
  select(nodes: Iterable<string>, edges?: Iterable<string>): void;
  deleteSelection(): void;
  copySelection(): void;
  paste(offset?: { x: number; y: number }): void;
  /** Replaces the whole document (load, import, new) and clears history. */
  load(doc: WorkflowDocument, saved: { workflowId?: string | undefined; version?: number | undefined; dirty?: boolean }): void;
  markSaved(workflowId: string, version: number): void;
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

const initial = emptyDocument();
let lastEdit: { key: string | undefined; at: number } = { key: undefined, at: 0 };

/** The designer's editor state. Components subscribe to the smallest slice they need. */
export const useDesigner = create<DesignerState>((set, get) => ({
  doc: initial,
  workflowId: undefined,
  version: undefined,
  dirty: false,
  problems: documentProblems(initial),
  selectedNodes: new Set(),
  selectedEdges: new Set(),
  past: [],
  future: [],
  clipboard: undefined,
  loadSeq: 0,


  apply(change, options = {}) {
    const { doc, past } = get();
    const next = applyChange(doc, change);
    if (next === doc) return;
    // Typing in one field is one undo step, not one per keystroke.
    const key = change.type === 'update-node' ? `${change.id}:${Object.keys(change.patch).join(',')}` : change.type === 'update-metadata' || change.type === 'update-spec' ? `${change.type}:${Object.keys(change.patch).join(',')}` : undefined;
    const now = Date.now();
    const coalesce = key !== undefined && key === lastEdit.key && now - lastEdit.at < 1500;
    lastEdit = { key, at: now };
    const record = (options.record ?? true) && !coalesce;
    set({
      doc: next,
      dirty: true,
      problems: change.type === 'move' ? get().problems : documentProblems(next),
      ...(change.type === 'replace' ? { loadSeq: get().loadSeq + 1 } : {}),
      ...(record ? { past: [...past.slice(-HISTORY_LIMIT + 1), doc], future: [] } : {}),
    });
  },
  checkpoint() {
    lastEdit = { key: undefined, at: 0 };
    const { doc, past } = get();
    if (past[past.length - 1] !== doc) set({ past: [...past.slice(-HISTORY_LIMIT + 1), doc], future: [] });
  },
  undo() {
    const { past, doc, future } = get();
    const prev = past[past.length - 1];
    if (!prev) return;
    set({ doc: prev, past: past.slice(0, -1), future: [doc, ...future], dirty: true, problems: documentProblems(prev) });
  },
  redo() {
    const { past, doc, future } = get();
    const next = future[0];
    if (!next) return;
    set({ doc: next, past: [...past, doc], future: future.slice(1), dirty: true, problems: documentProblems(next) });
  },
  select(nodes, edges = []) {
    const selectedNodes = new Set(nodes);
    const selectedEdges = new Set(edges);
    const s = get();
    if (sameSet(s.selectedNodes, selectedNodes) && sameSet(s.selectedEdges, selectedEdges)) return;
    set({ selectedNodes, selectedEdges });
  },
  deleteSelection() {
    const { selectedNodes, selectedEdges } = get();
    if (selectedNodes.size === 0 && selectedEdges.size === 0) return;
    get().apply({ type: 'remove', nodeIds: [...selectedNodes], edgeIds: [...selectedEdges] });
    set({ selectedNodes: new Set(), selectedEdges: new Set() });
  },
  copySelection() {
    const { doc, selectedNodes } = get();
    if (selectedNodes.size === 0) return;
    const nodes = doc.nodes.filter((n) => selectedNodes.has(n.id));
    const edges = doc.edges.filter((e) => selectedNodes.has(e.source) && selectedNodes.has(e.target));
    set({ clipboard: { nodes: structuredClone(nodes), edges: structuredClone(edges) } });
  },
  paste(offset = { x: 40, y: 40 }) {
    const { clipboard, doc } = get();
    if (!clipboard) return;
    const rename = new Map<string, string>();
    const taken = new Set<string>();
    for (const n of clipboard.nodes) {
      const id = freeId(doc, n.id, taken);
      taken.add(id);
      rename.set(n.id, id);
    }
    const nodes = clipboard.nodes.map((n) => {
      let copy = { ...structuredClone(n), id: rename.get(n.id) as string, position: { x: (n.position?.x ?? 0) + offset.x, y: (n.position?.y ?? 0) + offset.y } };
      if ((copy.type === 'map' || copy.type === 'loop') && rename.has(copy.body)) copy = { ...copy, body: rename.get(copy.body)! };
      return copy;
    });
    const edges = clipboard.edges.map((e) => {
      const moved = { ...e, source: rename.get(e.source) ?? e.source, target: rename.get(e.target) ?? e.target, id: undefined };
      return { ...moved, id: edgeId(moved) };
    });
    get().apply({ type: 'add-nodes', nodes, edges });
    set({ selectedNodes: new Set(nodes.map((n) => n.id)), selectedEdges: new Set(), clipboard: { nodes: nodes.map((n) => structuredClone(n)), edges } });
  },
  load(doc, saved) {
    set({
      doc,
      workflowId: saved.workflowId,
      version: saved.version,
      dirty: saved.dirty ?? false,
      problems: documentProblems(doc),
      past: [],
      future: [],
      selectedNodes: new Set(),
      selectedEdges: new Set(),
      loadSeq: get().loadSeq + 1,
    });
  },
  markSaved(workflowId, version) {
    set({ workflowId, version, dirty: false });
  },
}));
