import { useState } from 'react';
import { useReactFlow } from '@xyflow/react';
import { navigate } from '../../app/router.js';
import { saveWorkflow } from '../designer-actions.js';
import { autoLayout } from '../model/auto-layout.js';
import { useDesigner } from '../model/designer-store.js';
import { downloadText, exportDocument } from '../model/document-io.js';
import { emptyDocument } from '../model/node-factory.js';
import { ImportDialog } from './ImportDialog.js';
import { OpenDialog } from './OpenDialog.js';
import { VersionsDialog } from './VersionsDialog.js';

export function DesignerToolbar({ onRun, running }: { onRun: () => void; running: boolean }) {
  const name = useDesigner((s) => s.doc.metadata.name);
  const canUndo = useDesigner((s) => s.past.length > 0);
  const canRedo = useDesigner((s) => s.future.length > 0);
  const dirty = useDesigner((s) => s.dirty);
  const version = useDesigner((s) => s.version);
  const problemCount = useDesigner((s) => s.problems.all.length);
  const [dialog, setDialog] = useState<'import' | 'versions' | 'open' | undefined>(undefined);
  const [saving, setSaving] = useState(false);
  const { fitView } = useReactFlow();
  const layout = () => {
    const s = useDesigner.getState();
    s.apply({ type: 'move', positions: autoLayout(s.doc) });
    requestAnimationFrame(() => void fitView({ padding: 0.2, maxZoom: 1 }));
  };
  const exportAs = (format: 'json' | 'yaml') => {
    const doc = useDesigner.getState().doc;
    downloadText(`${doc.metadata.name}.workflow.${format}`, exportDocument(doc, format), format === 'json' ? 'application/json' : 'text/yaml');
  };
  const save = async () => {
    setSaving(true);
    try {
      await saveWorkflow();
    } finally {
      setSaving(false);
    }
  };
  const newWorkflow = () => {
    if (useDesigner.getState().dirty && !window.confirm('Discard unsaved changes?')) return;
    useDesigner.getState().load(emptyDocument(), {});
    navigate('/designer');
  };
  return (
    <div className="designer-toolbar" data-testid="designer-toolbar">
      <input
        className="input workflow-name"
        value={name}
        onChange={(e) => useDesigner.getState().apply({ type: 'update-metadata', patch: { name: e.target.value } })}
        data-testid="workflow-name"
        aria-label="Workflow name"
        disabled={running}
      />
      <span className="toolbar-meta" data-testid="save-state">
        {version === undefined ? 'not saved' : `v${version}`}
        {dirty ? ' · unsaved changes' : ''}
      </span>
      <div className="toolbar-sep" />
      <div className="toolbar-group">
        <button type="button" className="button" onClick={newWorkflow} data-testid="new-workflow">
          New
        </button>
        <button type="button" className="button" onClick={() => setDialog('open')} data-testid="open-workflow">
          Open
        </button>
        <button type="button" className="button" onClick={() => setDialog('import')} data-testid="import" disabled={running}>
          Import
        </button>
        <button type="button" className="button" onClick={() => exportAs('json')} data-testid="export-json">
          Export JSON
        </button>
        <button type="button" className="button" onClick={() => exportAs('yaml')} data-testid="export-yaml">
          YAML
        </button>
      </div>
      <div className="toolbar-sep" />
      <div className="toolbar-group">
        <button type="button" className="button" disabled={!canUndo || running} onClick={() => useDesigner.getState().undo()} data-testid="undo" title="Undo (Ctrl+Z)">
          ↶
        </button>
        <button type="button" className="button" disabled={!canRedo || running} onClick={() => useDesigner.getState().redo()} data-testid="redo" title="Redo (Ctrl+Shift+Z)">
          ↷
        </button>
        <button type="button" className="button" onClick={layout} data-testid="auto-layout" disabled={running}>
          Auto-layout
        </button>
      </div>
      <div className="toolbar-spacer" />
      {problemCount > 0 && (
        <button type="button" className="badge status-failed" onClick={() => useDesigner.getState().select([])} data-testid="problem-count" title="Show the problems">
          {problemCount} problem{problemCount === 1 ? '' : 's'}
        </button>
      )}
      <button type="button" className="button" onClick={() => setDialog('versions')} data-testid="versions">
        History
      </button>
      <button type="button" className="button primary" onClick={() => void save()} disabled={saving || running} data-testid="save">
        {saving ? 'Saving…' : 'Save'}
      </button>
      <button type="button" className="button success" onClick={onRun} disabled={running} data-testid="run">
        ▶ Run
      </button>
      {dialog === 'import' && <ImportDialog onClose={() => setDialog(undefined)} />}
      {dialog === 'versions' && <VersionsDialog onClose={() => setDialog(undefined)} />}
      {dialog === 'open' && <OpenDialog onClose={() => setDialog(undefined)} />}
    </div>
  );
}
