import { useMemo, useState } from 'react';
import { JsonInput } from '../../shared-ui/fields.js';
import { useDesigner } from '../model/designer-store.js';
import { workflowInputs } from './run-inputs.js';

/** Asks for workflow inputs (each prefilled with its default) and starts the run. */
export function RunDialog({ onRun, onClose }: { onRun: (inputs: Record<string, unknown>) => void; onClose: () => void }) {
  const doc = useDesigner((s) => s.doc);
  const inputs = useMemo(() => workflowInputs(doc), [doc]);
  const [values, setValues] = useState<Record<string, unknown>>({});
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="modal" role="dialog" aria-label="Run workflow" data-testid="run-dialog">
        <div className="modal-header">
          <h2>Run {doc.metadata.name}</h2>
          <button type="button" className="icon-button" onClick={onClose} aria-label="Close">
            ×
          </button>
        </div>
        <div className="modal-body">
          {inputs.length === 0 ? (
            <p>This workflow takes no inputs: every node input is connected.</p>
          ) : (
            <>
              <p className="toolbar-meta">Leave a value empty to use its default. A value feeds every node input of that name that no edge is connected to.</p>
              <table className="run-inputs">
                <tbody>
                  {inputs.map((input) => (
                    <tr key={input.name}>
                      <td>
                        <strong>{input.name}</strong>
                        <div className="toolbar-meta">
                          {input.type ?? 'any'} · {input.nodes.join(', ')}
                        </div>
                      </td>
                      <td>
                        <JsonInput
                          value={values[input.name]}
                          onChange={(v) => setValues((prev) => {
                            const next = { ...prev };
                            if (v === undefined) delete next[input.name];
                            else next[input.name] = v;
                            return next;
                          })}
                          testId={`run-input-${input.name}`}
                          rows={1}
                          placeholder={input.default === undefined ? '(no default)' : JSON.stringify(input.default).slice(0, 120)}
                        />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </div>
        <div className="modal-footer">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="button success" onClick={() => onRun(values)} data-testid="run-start">
            ▶ Run
          </button>
        </div>
      </div>
    </div>
  );
}
