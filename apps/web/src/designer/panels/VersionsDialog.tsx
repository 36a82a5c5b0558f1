import { useEffect, useState } from 'react';
import type { WorkflowVersionDto } from '@twingraph/protocol';
import { api } from '../../app/api.js';
import { toastError } from '../../app/toast-store.js';
import { openWorkflow } from '../designer-actions.js';
import { useDesigner } from '../model/designer-store.js';

/** Every saved version of the workflow, newest first; open one to look at it or save it as the next. */
export function VersionsDialog({ onClose }: { onClose: () => void }) {
  const workflowId = useDesigner((s) => s.workflowId);
  const current = useDesigner((s) => s.version);
  const [versions, setVersions] = useState<WorkflowVersionDto[] | undefined>(undefined);
  useEffect(() => {
    if (!workflowId) return;
    api.workflows.versions(workflowId).then((r) => setVersions(r.items), (error: unknown) => toastError('Could not list versions', error));
  }, [workflowId]);
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="modal" role="dialog" aria-label="Version history" data-testid="versions-dialog">
        <div className="modal-header">
          <h2>Version history</h2>
          <button type="button" className="icon-button" onClick={onClose} aria-label="Close">
            ×
          </button>
        </div>
        <div className="modal-body">
          {!workflowId ? (
            <p>Save the workflow to start its history.</p>
          ) : !versions ? (
            <p>Loading…</p>
          ) : (
            <table className="versions-list">
              <thead>
                <tr>
                  <th>Version</th>
                  <th>Saved</th>
                  <th>By</th>
                  <th>Nodes</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {versions.map((v) => (
                  <tr key={v.version} data-testid={`version-${v.version}`}>
                    <td>
                      v{v.version} {v.version === current && <span className="badge">open</span>}
                    </td>
                    <td>{new Date(v.createdAt).toLocaleString()}</td>
                    <td>{v.createdBy ?? '—'}</td>
                    <td>{Array.isArray((v.document as { nodes?: unknown[] }).nodes) ? (v.document as { nodes: unknown[] }).nodes.length : '?'}</td>
                    <td>
                      <button
                        type="button"
                        className="button small"
                        data-testid={`open-version-${v.version}`}
                        onClick={() => void openWorkflow(workflowId, v.version).then((ok) => ok && onClose())}
                      >
                        Open
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </div>
    </div>
  );
}
