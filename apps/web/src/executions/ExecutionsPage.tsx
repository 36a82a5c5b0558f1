import { useEffect, useState } from 'react';
import { RUN_STATUSES, type RunStatus } from '@twingraph/model';
import { api } from '../app/api.js';
import { href, navigate, useRoute } from '../app/router.js';
import { ErrorPanel } from './ErrorPanel.js';
import { durationBetween, formatAgo, formatDuration, formatTime, shortId } from './monitor-format.js';
import { StatusBadge } from './StatusBadge.js';
import { useLoad, useThrottled } from './use-load.js';
import './monitor.css';

const PAGE_SIZE = 50;

/** Every execution, newest first, filtered by status, workflow and pipeline; pick two to compare. */
export default function ExecutionsPage() {
  const { query } = useRoute();
  const status = (RUN_STATUSES as readonly string[]).includes(query['status'] ?? '') ? (query['status'] as RunStatus) : undefined;
  const workflowId = query['workflowId'] || undefined;
  const pipeline = query['pipeline'] || undefined;
  const offset = Math.max(0, Number(query['offset'] ?? 0) || 0);
  const [pipelineText, setPipelineText] = useState(pipeline ?? '');
  const [picked, setPicked] = useState<string[]>([]);

  const setFilter = (changes: Record<string, string | undefined>) => {
    const next = { status, workflowId, pipeline, offset: String(offset), ...changes };
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(next)) if (v !== undefined && v !== '' && !(k === 'offset' && v === '0')) params.set(k, v);
    const qs = params.toString();
    navigate(`/executions${qs === '' ? '' : `?${qs}`}`, { replace: true });
  };

  const runs = useLoad(
    (signal) => api.executions.list({ status, workflowId, pipeline, limit: PAGE_SIZE, offset }, { signal }),
    [status, workflowId, pipeline, offset],
  );
  const workflows = useLoad((signal) => api.workflows.list({ size: 200 }, { signal }), []);
  const workflowNames = new Map((workflows.data?.items ?? []).map((w) => [w.id, w.name]));

  // New runs and finished ones show up without a reload.
  const reloadSoon = useThrottled(runs.reload, 500);
  useEffect(() => {
    let subscription: ReturnType<typeof api.subscribe> | undefined;
    try {
      subscription = api.subscribe({ target: { all: true }, onEvent: (e) => e.type === 'execution:update' && reloadSoon() });
    } catch {
      // No WebSocket: the list still works, without live refresh.
    }
    return () => subscription?.close();
  }, [reloadSoon]);

  const toggle = (id: string) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p.slice(-1), id]));
  const items = runs.data?.items ?? [];
  return (
    <div className="monitor-page" data-testid="executions-page">
      <header className="monitor-header">
        <div className="monitor-title">
          <h2>Executions</h2>
          {runs.loading && <span className="muted">loading…</span>}
        </div>
        <div className="monitor-actions">
          <button
            type="button"
            className="button primary"
            disabled={picked.length !== 2}
            onClick={() => navigate(`/executions/diff/${picked[0]!}/${picked[1]!}`)}
            data-testid="compare-selected"
            title="Select two executions to compare them node by node"
          >
            Compare {picked.length}/2
          </button>
        </div>
      </header>
      <div className="filters" data-testid="execution-filters">
        <select className="select" value={status ?? ''} onChange={(e) => setFilter({ status: e.target.value || undefined, offset: '0' })} data-testid="filter-status">
          <option value="">any status</option>
          {RUN_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <select className="select" value={workflowId ?? ''} onChange={(e) => setFilter({ workflowId: e.target.value || undefined, offset: '0' })} data-testid="filter-workflow">
          <option value="">any workflow</option>
          {(workflows.data?.items ?? []).map((w) => (
            <option key={w.id} value={w.id}>
              {w.name}
            </option>
          ))}
        </select>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setFilter({ pipeline: pipelineText.trim() || undefined, offset: '0' });
          }}
        >
          <input className="input" placeholder="pipeline name (exact)" value={pipelineText} onChange={(e) => setPipelineText(e.target.value)} data-testid="filter-pipeline" />
        </form>
        {(status ?? workflowId ?? pipeline) !== undefined && (
          <button type="button" className="button small" onClick={() => { setPipelineText(''); navigate('/executions', { replace: true }); }} data-testid="filter-clear">
            Clear filters
          </button>
        )}
      </div>
      {runs.error !== undefined && <ErrorPanel error={runs.error} onRetry={runs.reload} />}
      <table className="table" data-testid="executions-table">
        <thead>
          <tr>
            <th aria-label="select" />
            <th>Execution</th>
            <th>Pipeline</th>
            <th>Workflow</th>
            <th>Status</th>
            <th>Started</th>
            <th>Duration</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {items.map((run) => {
            const wf = run.labels?.['twingraph.workflowId'];
            return (
              <tr key={run.runId} data-testid="execution-row" data-id={run.runId} data-status={run.status} className={picked.includes(run.runId) ? 'picked' : undefined}>
                <td>
                  <input type="checkbox" checked={picked.includes(run.runId)} onChange={() => toggle(run.runId)} data-testid="execution-pick" aria-label={`select ${run.runId}`} />
                </td>
                <td>
                  <a href={href(`/executions/${run.runId}`)} title={run.runId} data-testid="execution-link">
                    <code>{shortId(run.runId)}</code>
                  </a>
                </td>
                <td>{run.pipeline}</td>
                <td>
                  {wf === undefined ? (
                    <span className="muted">code</span>
                  ) : (
                    <a href={href(`/designer/${wf}`)}>
                      {workflowNames.get(wf) ?? wf}
                      {run.labels?.['twingraph.workflowVersion'] !== undefined && <span className="muted"> v{run.labels['twingraph.workflowVersion']}</span>}
                    </a>
                  )}
                </td>
                <td>
                  <StatusBadge status={run.status} />
                </td>
                <td title={formatTime(run.startedAt)}>{formatAgo(run.startedAt)}</td>
                <td>{formatDuration(durationBetween(run.startedAt, run.completedAt))}</td>
                <td>
                  <a href={href('/lineage', { execution: run.runId })} className="muted">
                    lineage
                  </a>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {!runs.loading && items.length === 0 && runs.error === undefined && (
        <div className="empty" data-testid="executions-empty">
          No executions{status ?? workflowId ?? pipeline ? ' match these filters' : ' yet: run a workflow from the designer or with `twingraph run`'}.
        </div>
      )}
      <div className="pager">
        <button type="button" className="button small" disabled={offset === 0} onClick={() => setFilter({ offset: String(Math.max(0, offset - PAGE_SIZE)) })} data-testid="page-prev">
          ‹ Newer
        </button>
        <span className="muted">
          {items.length === 0 ? 0 : offset + 1}–{offset + items.length}
        </span>
        <button type="button" className="button small" disabled={items.length < PAGE_SIZE} onClick={() => setFilter({ offset: String(offset + PAGE_SIZE) })} data-testid="page-next">
          Older ›
        </button>
      </div>
    </div>
  );
}
