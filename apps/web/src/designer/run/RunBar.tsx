import { href } from '../../app/router.js';
import { useDesigner } from '../model/designer-store.js';
import { closeRunView, stopRun } from './run-actions.js';
import { useRun } from './run-store.js';

const DONE = new Set(['succeeded', 'failed', 'skipped', 'cached', 'cancelled']);

/** Progress of the run shown on the canvas, its connection, and the way out. */
export function RunBar() {
  const executionId = useRun((s) => s.executionId);
  const status = useRun((s) => s.status);
  const error = useRun((s) => s.error);
  const connection = useRun((s) => s.connection);
  const nodes = useRun((s) => s.nodes);
  const total = useDesigner((s) => s.doc.nodes.length);
  if (!executionId) return null;
  const states = Object.values(nodes);
  const done = states.filter((n) => DONE.has(n.status)).length;
  const failed = states.filter((n) => n.status === 'failed').length;
  const cached = states.filter((n) => n.status === 'cached').length;
  const retries = states.reduce((sum, n) => sum + n.retries, 0);
  const pct = total === 0 ? 0 : Math.min(100, Math.round((done / Math.max(total, states.length)) * 100));
  return (
    <div className="run-bar" data-testid="run-bar">
      <span className={`badge status-${status ?? 'pending'}`} data-testid="run-status">
        {status ?? 'starting'}
      </span>
      <div className={failed > 0 ? 'run-progress failed' : 'run-progress'} title={`${done} of ${total} nodes done`}>
        <div style={{ width: `${pct}%` }} />
      </div>
      <span className="toolbar-meta" data-testid="run-progress">
        {done}/{Math.max(total, states.length)} nodes{cached > 0 ? ` · ${cached} cached` : ''}{retries > 0 ? ` · ${retries} ${retries === 1 ? 'retry' : 'retries'}` : ''}{failed > 0 ? ` · ${failed} failed` : ''}
      </span>
      {error && <span className="form-error" style={{ margin: 0 }}>{error}</span>}
      <span className="toolbar-meta" data-testid="run-connection" title="Live updates over WebSocket">
        {connection === 'live' ? '● live' : connection === 'reconnecting' ? '○ reconnecting…' : connection === 'connecting' ? '○ connecting…' : ''}
      </span>
      <div className="toolbar-spacer" />
      <a className="button small" href={href(`/executions/${executionId}`)} data-testid="run-open-execution">
        Execution
      </a>
      <a className="button small" href={href('/lineage', { execution: executionId })} data-testid="run-open-lineage">
        Lineage
      </a>
      {status === 'running' && (
        <button type="button" className="button small danger" onClick={() => void stopRun()} data-testid="run-stop">
          Stop
        </button>
      )}
      <button type="button" className="button small" onClick={closeRunView} data-testid="run-close" disabled={status === 'running'}>
        Clear run view
      </button>
    </div>
  );
}
