import { useMemo, useState } from 'react';
import type { NodeRecord } from '@twingraph/model';
import { api } from '../app/api.js';
import { href, navigate, useRoute } from '../app/router.js';
import { ErrorPanel } from './ErrorPanel.js';
import { durationBetween, formatDuration, formatTime, prettyJson, shortId } from './monitor-format.js';
import { diffRuns, type DiffField, type NodeDiffRow } from './run-diff.js';
import { StatusBadge } from './StatusBadge.js';
import { useLoad } from './use-load.js';
import './monitor.css';

const FIELD_LABEL: Record<DiffField, string> = { status: 'status', inputs: 'inputs', outputs: 'outputs', hash: 'hash', duration: 'duration', missing: 'only in one run' };

function Side({ node }: { node: NodeRecord | undefined }) {
  if (node === undefined) return <span className="muted">—</span>;
  return (
    <>
      <StatusBadge status={node.status} /> <code title={node.hash}>{node.hash.slice(0, 10)}</code>{' '}
      <span className="muted">{formatDuration(durationBetween(node.startedAt, node.completedAt))}</span>
    </>
  );
}

function DiffDetail({ row }: { row: NodeDiffRow }) {
  return (
    <div className="diff-detail" data-testid="diff-detail">
      {(['inputs', 'outputs'] as const).map((field) => (
        <div key={field} className={row.differences.includes(field) ? 'diff-pair differs' : 'diff-pair'}>
          <h4>{field}</h4>
          <div className="diff-columns">
            <pre className="json" data-testid={`diff-${field}-a`}>{prettyJson(row.a?.[field])}</pre>
            <pre className="json" data-testid={`diff-${field}-b`}>{prettyJson(row.b?.[field])}</pre>
          </div>
        </div>
      ))}
      {(row.a?.error ?? row.b?.error) !== undefined && (
        <div className="diff-pair">
          <h4>error</h4>
          <div className="diff-columns">
            <pre className="json">{row.a?.error?.message ?? '—'}</pre>
            <pre className="json">{row.b?.error?.message ?? '—'}</pre>
          </div>
        </div>
      )}
    </div>
  );
}

/** Two executions side by side, node by node, with the first node that differs highlighted. */
export default function RunDiffPage() {
  const { params } = useRoute();
  const a = params['a'] ?? '';
  const b = params['b'] ?? '';
  const runs = useLoad((signal) => Promise.all([api.executions.get(a, { signal }), api.executions.get(b, { signal })]), [a, b]);
  const diff = useMemo(() => (runs.data === undefined ? undefined : diffRuns(runs.data[0].nodes, runs.data[1].nodes)), [runs.data]);
  const [open, setOpen] = useState<string | undefined>(undefined);
  const [onlyDiffs, setOnlyDiffs] = useState(false);

  if (runs.data === undefined || diff === undefined) {
    return (
      <div className="monitor-page" data-testid="run-diff-page">
        {runs.error !== undefined ? <ErrorPanel error={runs.error} onRetry={runs.reload} /> : <div className="page-loading">Loading both executions…</div>}
      </div>
    );
  }
  const [runA, runB] = runs.data;
  const first = diff.rows[diff.firstDifference];
  const expanded = open ?? first?.key;
  const rows = onlyDiffs ? diff.rows.filter((r) => r.differences.length > 0) : diff.rows;
  return (
    <div className="monitor-page" data-testid="run-diff-page">
      <header className="monitor-header">
        <div className="monitor-title">
          <a href="#/executions" className="muted">
            Executions
          </a>
          <span className="muted">/</span>
          <h2>Compare executions</h2>
        </div>
        <div className="monitor-actions">
          <button type="button" className="button" onClick={() => navigate(`/executions/diff/${b}/${a}`)} data-testid="diff-swap">
            Swap
          </button>
          <label className="muted">
            <input type="checkbox" checked={onlyDiffs} onChange={(e) => setOnlyDiffs(e.target.checked)} data-testid="diff-only-differences" /> only differences
          </label>
        </div>
      </header>
      <div className="diff-runs">
        {[runA, runB].map((run, i) => (
          <div key={run.runId} className="diff-run" data-testid={`diff-run-${i === 0 ? 'a' : 'b'}`}>
            <strong>{i === 0 ? 'A' : 'B'}</strong> <a href={href(`/executions/${run.runId}`)}><code>{shortId(run.runId)}</code></a> {run.pipeline} <StatusBadge status={run.status} />{' '}
            <span className="muted">
              {formatTime(run.startedAt)} · {formatDuration(durationBetween(run.startedAt, run.completedAt))} · inputs {JSON.stringify(run.inputs ?? {})}
            </span>
          </div>
        ))}
      </div>
      <div className={first === undefined ? 'diff-summary same' : 'diff-summary differs'} data-testid="diff-summary">
        {first === undefined ? (
          <>The two executions computed the same thing: every node has the same status, inputs, outputs and hash.</>
        ) : (
          <>
            First difference: <strong data-testid="first-difference-name">{first.key}</strong> ({first.differences.map((d) => FIELD_LABEL[d]).join(', ')}).{' '}
            {diff.rows.filter((r) => r.differences.some((d) => d !== 'duration')).length} of {diff.rows.length} nodes differ.
          </>
        )}
      </div>
      <table className="table diff-table" data-testid="diff-table">
        <thead>
          <tr>
            <th>Node</th>
            <th>A</th>
            <th>B</th>
            <th>Differs in</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const isFirst = row === first;
            return (
              <FragmentRow key={row.key} row={row} isFirst={isFirst} expanded={expanded === row.key} onToggle={() => setOpen(expanded === row.key ? '' : row.key)} />
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function FragmentRow({ row, isFirst, expanded, onToggle }: { row: NodeDiffRow; isFirst: boolean; expanded: boolean; onToggle: () => void }) {
  const cls = [isFirst ? 'first-diff' : '', row.differences.some((d) => d !== 'duration') ? 'differs' : ''].filter(Boolean).join(' ');
  return (
    <>
      <tr className={cls} data-testid={isFirst ? 'first-difference' : 'diff-row'} data-node={row.key} data-differences={row.differences.join(',')} onClick={onToggle}>
        <td>
          <span className="caret">{expanded ? '▾' : '▸'}</span> {row.key}
        </td>
        <td>
          <Side node={row.a} />
        </td>
        <td>
          <Side node={row.b} />
        </td>
        <td>
          {row.differences.length === 0 ? (
            <span className="muted">same</span>
          ) : (
            row.differences.map((d) => (
              <span key={d} className={`chip diff-${d}`}>
                {FIELD_LABEL[d]}
              </span>
            ))
          )}
        </td>
      </tr>
      {expanded && (
        <tr className="diff-detail-row">
          <td colSpan={4}>
            <DiffDetail row={row} />
          </td>
        </tr>
      )}
    </>
  );
}
