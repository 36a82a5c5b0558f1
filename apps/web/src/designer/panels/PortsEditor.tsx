import { PORT_TYPES, type WorkflowPort } from '@twingraph/model';
import { JsonInput } from '../../shared-ui/fields.js';
import { useDesigner } from '../model/designer-store.js';

/** Inputs or outputs of a node: name, type, and for inputs default and required. */
export function PortsEditor({ nodeId, side, ports }: { nodeId: string; side: 'inputs' | 'outputs'; ports: readonly WorkflowPort[] }) {
  const prefix = side === 'inputs' ? 'input' : 'output';
  const set = (next: WorkflowPort[], renamed?: { from: string; to: string }) =>
    useDesigner.getState().apply({ type: 'set-ports', id: nodeId, side, ports: next, ...(renamed ? { renamed } : {}) });
  const update = (i: number, patch: Partial<WorkflowPort>) => {
    const old = ports[i];
    if (!old) return;
    const next = ports.map((p, j) => {
      if (j !== i) return p;
      const merged: Record<string, unknown> = { ...p, ...patch };
      for (const k of Object.keys(merged)) if (merged[k] === undefined) delete merged[k];
      return merged as WorkflowPort;
    });
    set(next, patch.name !== undefined && patch.name !== old.name ? { from: old.name, to: patch.name } : undefined);
  };
  const add = () => {
    const names = new Set(ports.map((p) => p.name));
    let name = side === 'inputs' ? 'input' : 'output';
    for (let i = 2; names.has(name); i++) name = `${side === 'inputs' ? 'input' : 'output'}_${i}`;
    set([...ports, { name, type: 'any' }]);
  };
  return (
    <div className="ports-editor" data-testid={`ports-${side}`}>
      {ports.map((p, i) => (
        <div key={i} className="port-editor-row">
          <div className="port-editor-line">
            <input className="input" value={p.name} onChange={(e) => update(i, { name: e.target.value })} data-testid={`${prefix}-name-${i}`} aria-label={`${prefix} ${i + 1} name`} />
            <select className="select port-type-select" value={p.type ?? 'any'} onChange={(e) => update(i, { type: e.target.value as WorkflowPort['type'] })} data-testid={`${prefix}-type-${i}`}>
              {PORT_TYPES.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
            <button type="button" className="icon-button" title={`Remove ${prefix} '${p.name}' (and its edges)`} onClick={() => set(ports.filter((_, j) => j !== i))} data-testid={`${prefix}-remove-${i}`}>
              ×
            </button>
          </div>
          {side === 'inputs' && (
            <div className="port-editor-line">
              <JsonInput value={p.default} onChange={(v) => update(i, { default: v })} testId={`${prefix}-default-${i}`} rows={1} placeholder="default (JSON)" />
              <label className="check" title="Fail validation when nothing feeds it and it has no default">
                <input type="checkbox" checked={p.required === true} onChange={(e) => update(i, { required: e.target.checked ? true : undefined })} data-testid={`${prefix}-required-${i}`} />
                required
              </label>
            </div>
          )}
        </div>
      ))}
      <button type="button" className="button small" onClick={add} data-testid={`add-${prefix}`}>
        + {side === 'inputs' ? 'Input' : 'Output'}
      </button>
    </div>
  );
}
