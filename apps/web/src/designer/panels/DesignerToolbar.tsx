import { useReactFlow } from '@xyflow/react';
import { useDesigner } from '../model/designer-store.js';
import { autoLayout } from '../model/auto-layout.js';

export function DesignerToolbar() {
  const name = useDesigner((s) => s.doc.metadata.name);
  const canUndo = useDesigner((s) => s.past.length > 0);
  const canRedo = useDesigner((s) => s.future.length > 0);
  const { fitView } = useReactFlow();
  const layout = () => {
    const s = useDesigner.getState();
    s.apply({ type: 'move', positions: autoLayout(s.doc) });
    requestAnimationFrame(() => void fitView({ padding: 0.2, maxZoom: 1 }));
  };
  return (
    <div className="designer-toolbar" data-testid="designer-toolbar">
      <input
        className="input workflow-name"
        value={name}
        onChange={(e) => useDesigner.getState().apply({ type: 'update-metadata', patch: { name: e.target.value } })}
        data-testid="workflow-name"
        aria-label="Workflow name"
      />
      <div className="toolbar-group">
        <button type="button" className="button" disabled={!canUndo} onClick={() => useDesigner.getState().undo()} data-testid="undo" title="Undo (Ctrl+Z)">
          Undo
        </button>
        <button type="button" className="button" disabled={!canRedo} onClick={() => useDesigner.getState().redo()} data-testid="redo" title="Redo (Ctrl+Shift+Z)">
          Redo
        </button>
        <button type="button" className="button" onClick={layout} data-testid="auto-layout">
          Auto-layout
        </button>
      </div>
    </div>
  );
}
