import { useState } from 'react';
import { describeError, toastInfo } from '../../app/toast-store.js';
import { useDesigner } from '../model/designer-store.js';
import { importDocument } from '../model/document-io.js';

/** Import a JSON or YAML document from a file or pasted text; it replaces the canvas (undo brings it back). */
export function ImportDialog({ onClose }: { onClose: () => void }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const load = (source: string) => {
    try {
      const { document, warnings } = importDocument(source);
      const s = useDesigner.getState();
      // Imported into the open workflow: saving makes it the next version (undo returns to the old one).
      s.apply({ type: 'replace', document });
      s.select([]);
      for (const w of warnings) toastInfo('Imported with a note', w);
      onClose();
    } catch (err) {
      setError(describeError(err));
    }
  };
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="modal" role="dialog" aria-label="Import workflow" data-testid="import-dialog">
        <div className="modal-header">
          <h2>Import a workflow document</h2>
          <button type="button" className="icon-button" onClick={onClose} aria-label="Close">
            ×
          </button>
        </div>
        <div className="modal-body">
          <p>
            Choose a <code>.json</code> / <code>.yaml</code> file or paste the document. TwinGraph 2.0 designer documents are converted.
          </p>
          <input
            type="file"
            accept=".json,.yaml,.yml,application/json,text/yaml"
            data-testid="import-file"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void file.text().then(load);
            }}
          />
          <textarea className="textarea" rows={14} value={text} onChange={(e) => setText(e.target.value)} placeholder="apiVersion: twingraph/v1 …" data-testid="import-text" spellCheck={false} style={{ marginTop: 10 }} />
          {error !== undefined && (
            <div className="form-error" role="alert" data-testid="import-error">
              {error}
            </div>
          )}
        </div>
        <div className="modal-footer">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="button primary" disabled={text.trim() === ''} onClick={() => load(text)} data-testid="import-submit">
            Import
          </button>
        </div>
      </div>
    </div>
  );
}
