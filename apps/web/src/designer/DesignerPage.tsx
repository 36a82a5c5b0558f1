import { useCallback, useState } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import './designer.css';
import { FlowCanvas } from './canvas/FlowCanvas.js';
import { useDesigner } from './model/designer-store.js';
import { Palette } from './panels/Palette.js';
import { findTemplate } from './templates/workflow-templates.js';
import { useDesignerShortcuts } from './use-designer-shortcuts.js';
import { DesignerToolbar } from './panels/DesignerToolbar.js';

/** `#/designer` and `#/designer/:workflowId`: the visual workflow editor and its live run view. */
export default function DesignerPage() {
  const [openNode, setOpenNode] = useState<string | undefined>(undefined);
  useDesignerShortcuts(openNode === undefined);
  const onOpenTemplate = useCallback((id: string) => {
    const t = findTemplate(id);
    if (t) useDesigner.getState().load(structuredClone(t.document), { dirty: true });
  }, []);
  return (
    <ReactFlowProvider>
      <div className="designer" data-testid="designer">
        <DesignerToolbar />
        <div className="designer-body">
          <Palette onOpenTemplate={onOpenTemplate} />
          <FlowCanvas onOpenNode={setOpenNode} readOnly={false} />
        </div>
      </div>
    </ReactFlowProvider>
  );
}
