import { useCallback, useEffect, useState } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import './designer.css';
import { useRoute } from '../app/router.js';
import { FlowCanvas } from './canvas/FlowCanvas.js';
import { openWorkflow } from './designer-actions.js';
import { useDesigner } from './model/designer-store.js';
import { DesignerToolbar } from './panels/DesignerToolbar.js';
import { Palette } from './panels/Palette.js';
import { PropertiesPanel } from './panels/PropertiesPanel.js';
import { SourceView } from './panels/SourceView.js';
import { NodeRunView } from './run/NodeRunView.js';
import { closeRunView, startRun } from './run/run-actions.js';
import { RunBar } from './run/RunBar.js';
import { RunDialog } from './run/RunDialog.js';
import { useRun } from './run/run-store.js';
import { findTemplate } from './templates/workflow-templates.js';
import { useDesignerShortcuts } from './use-designer-shortcuts.js';

type Tab = 'canvas' | 'typescript' | 'json';

/** `#/designer` and `#/designer/:workflowId`: the visual workflow editor and its live run view. */
export default function DesignerPage() {
  const route = useRoute();
  const routeId = route.params.workflowId;
  const [openNode, setOpenNode] = useState<string | undefined>(undefined);
  const [runDialog, setRunDialog] = useState(false);
  const [tab, setTab] = useState<Tab>('canvas');
  const running = useRun((s) => s.status === 'running');
  useDesignerShortcuts(openNode === undefined && !runDialog && tab === 'canvas' && !running);

  // The URL names the workflow: open it unless the editor already holds it (e.g. right after a save).
  useEffect(() => {
    if (routeId !== undefined && routeId !== useDesigner.getState().workflowId) {
      closeRunView();
      void openWorkflow(routeId);
    }
  }, [routeId]);

  const onOpenTemplate = useCallback((id: string) => {
    const t = findTemplate(id);
    if (!t) return;
    closeRunView();
    useDesigner.getState().load(structuredClone(t.document), { dirty: true });
  }, []);

  return (
    <ReactFlowProvider>
      <div className="designer" data-testid="designer">
        <DesignerToolbar onRun={() => setRunDialog(true)} running={running} />
        <RunBar />
        <div className="designer-body">
          <Palette onOpenTemplate={onOpenTemplate} />
          <div className="designer-center">
            <div className="designer-tabs">
              {(['canvas', 'typescript', 'json'] as const).map((t) => (
                <button key={t} type="button" className={tab === t ? 'tab active' : 'tab'} onClick={() => setTab(t)} data-testid={`tab-${t}`}>
                  {t === 'canvas' ? 'Canvas' : t === 'typescript' ? 'TypeScript' : 'JSON'}
                </button>
              ))}
            </div>
            {tab === 'canvas' ? <FlowCanvas onOpenNode={setOpenNode} readOnly={running} /> : <SourceView kind={tab} />}
          </div>
          <PropertiesPanel />
        </div>
        {runDialog && (
          <RunDialog
            onClose={() => setRunDialog(false)}
            onRun={(inputs) => {
              setRunDialog(false);
              setTab('canvas');
              void startRun(inputs);
            }}
          />
        )}
        {openNode !== undefined && <NodeRunView nodeId={openNode} onClose={() => setOpenNode(undefined)} />}
      </div>
    </ReactFlowProvider>
  );
}
