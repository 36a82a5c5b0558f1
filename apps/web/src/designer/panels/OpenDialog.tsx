import { useEffect, useState } from 'react';
import type { WorkflowSummaryDto } from '@twingraph/protocol';
import { api } from '../../app/api.js';
import { navigate } from '../../app/router.js';
import { toastError } from '../../app/toast-store.js';
import { NODE_RUN_TAG } from '../run/run-node.js';

/** Saved workflows to open in the designer. */
export function OpenDialog({ onClose }: { onClose: () => void }) {
  const [items, setItems] = useState<WorkflowSummaryDto[] | undefined>(undefined);
  const [filter, setFilter] = useState('');
  useEffect(() => {
    const t = setTimeout(() => {
      api.workflows.list({ size: 100, ...(filter.trim() === '' ? {} : { name: filter.trim() }) }).then(
        (page) => setItems(page.items.filter((w) => !w.tags.includes(NODE_RUN_TAG))),
        (error: unknown) => toastError('Could not list workflows', error),
      );
    }, 150);
    return () => clearTimeout(t);
  }, [filter]);
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="modal" role="dialog" aria-label="Open workflow" data-testid="open-dialog">
        <div className="modal-header">
          <h2>Open a workflow</h2>
          <button type="button" className="icon-button" onClick={onClose} aria-label="Close">
            ×
          </button>
        </div>
        <div className="modal-body">
          <input className="input" placeholder="Filter by name…" value={filter} onChange={(e) => setFilter(e.target.value)} autoFocus />
          <div className="open-list" style={{ marginTop: 8 }}>
            {items === undefined ? <p>Loading…</p> : items.length === 0 ? <p>No saved workflows.</p> : items.map((w) => (
              <button
                type="button"
                key={w.id}
                className="open-item"
                data-testid={`open-workflow-${w.name}`}
                onClick={() => {
                  navigate(`/designer/${encodeURIComponent(w.id)}`);
                  onClose();
                }}
              >
                <strong>{w.name}</strong>
                <span className="badge">v{w.latestVersion}</span>
                {w.tags.map((t) => (
                  <span key={t} className="badge">
                    {t}
                  </span>
                ))}
                <span className="toolbar-spacer" />
                <span className="toolbar-meta">{new Date(w.updatedAt).toLocaleString()}</span>
              </button>
            ))}
          </div>
        </div>
      </div>
    </div>
  );
}
