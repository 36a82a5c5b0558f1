import { useEffect, useRef, useState } from 'react';
import type { NodeRecord } from '@twingraph/model';
import { api } from '../../app/api.js';
import { href } from '../../app/router.js';
import { toastError, toastSuccess } from '../../app/toast-store.js';
import { CodeEditor } from '../../shared-ui/CodeEditor.js';
import { ValueView } from '../../shared-ui/ValueView.js';
import { formatMs } from '../canvas/WorkflowNodeView.js';
import { useDesigner } from '../model/designer-store.js';
import { pinnedOutputs, setPinnedOutputs } from './pinned-data.js';
import { runSingleNode, upstreamPins, workflowKey } from './run-node.js';
import { useRun, type LogLine } from './run-store.js';

const NO_LOGS: readonly LogLine[] = [];

/**
 * The node view (after n8n's): inputs of the last run | settings and code | outputs, and below them
 * the streaming logs, the error and every attempt. From here: run the node alone, pin its outputs as
 * test data, open its lineage.
 */
export function NodeRunView({ nodeId, onClose }: { nodeId: string; onClose: () => void }) {
  const node = useDesigner((s) => s.doc.nodes.find((n) => n.id === nodeId));
  const doc = useDesigner((s) => s.doc);
  const run = useRun((s) => s.nodes[nodeId]);
  const executionId = useRun((s) => s.executionId);
  const liveLogs = useRun((s) => s.logs[nodeId] ?? NO_LOGS);
  const [record, setRecord] = useState<NodeRecord | undefined>(undefined);
  const [history, setHistory] = useState<LogLine[]>([]);
  const [pinned, setPinned] = useState(() => pinnedOutputs(workflowKey(), nodeId));
  const logEnd = useRef<HTMLDivElement>(null);

  // The record (inputs, attempts) and the log lines written before the view was following.
  useEffect(() => {
    if (!executionId || !run?.nodeExecutionId) return;
    let cancelled = false;
    const load = async () => {
      try {
        const detail = await api.executions.get(executionId);
        if (!cancelled) setRecord(detail.nodes.find((n) => n.executionId === run.nodeExecutionId) ?? detail.nodes.find((n) => n.name === nodeId));
        const page = await api.executions.logs(executionId, { executionId: run.nodeExecutionId, limit: 1000 });
        if (!cancelled) setHistory(page.items.map((l) => ({ nodeExecutionId: l.executionId, stream: l.stream, line: l.line })));
      } catch (error) {
        if (!cancelled) toastError('Could not load the node execution', error);
      }
    };
    void load();
    return () => {
      cancelled = true;
    };
  }, [executionId, run?.nodeExecutionId, run?.status, nodeId]);

  // Live lines already in the history are not shown twice.
  const logs = history.length >= liveLogs.length ? history : [...history, ...liveLogs.slice(history.length)];
  useEffect(() => {
    logEnd.current?.scrollIntoView({ block: 'end' });
  }, [logs.length]);

  if (!node) return null;
  // Pins live in localStorage: read on each render (the view re-renders when a pin changes here).
  const pinnedUpstream = Object.keys(upstreamPins(doc, nodeId, (id) => pinnedOutputs(workflowKey(), id)));
  const outputs = run?.outputs ?? record?.outputs;
  const error = run?.error ?? record?.error;
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="node-view" role="dialog" aria-label={`Node ${nodeId}`} data-testid="node-view">
        <div className="modal-header">
          <h2>
            {node.name ?? node.id} <span className="toolbar-meta">{node.id}</span>
          </h2>
          {run && (
            <span className={`badge status-${run.status}`} data-testid="node-view-status">
              {run.status}
            </span>
          )}
          {run?.durationMs !== undefined && <span className="toolbar-meta">{formatMs(run.durationMs)}</span>}
          <div className="toolbar-spacer" />
          {executionId && (
            <a className="button small" href={href('/lineage', { execution: executionId })} data-testid="node-view-lineage">
              Lineage
            </a>
          )}
          {run?.nodeExecutionId && (
            <a className="button small" href={href(`/executions/${executionId ?? ''}`)} data-testid="node-view-execution">
              Execution
            </a>
          )}
          <button type="button" className="button small" onClick={() => void runSingleNode(nodeId)} disabled={node.type !== 'component'} data-testid="run-this-node" title="Run this node alone as a new run: its upstream results (outputs, hashes, lineage parents) are reused from the run shown, or their pinned data">
            ▶ Run this node
          </button>
          <button
            type="button"
            className="button small"
            disabled={!outputs && !pinned}
            data-testid="pin-outputs"
            onClick={() => {
              const next = pinned ? undefined : outputs;
              setPinnedOutputs(workflowKey(), nodeId, next);
              setPinned(next);
              toastSuccess(next ? `Outputs of ${nodeId} pinned as test data` : `Pinned data of ${nodeId} removed`);
            }}
          >
            {pinned ? 'Unpin data' : 'Pin outputs'}
          </button>
          <button type="button" className="icon-button" onClick={onClose} aria-label="Close" data-testid="node-view-close">
            ×
          </button>
        </div>
        <div className="node-view-panes">
          <section className="node-pane">
            <h3>Inputs</h3>
            {pinnedUpstream.length > 0 && (
              <p className="muted" data-testid="node-run-pinned-note">
                "Run this node" uses the pinned data of {pinnedUpstream.join(', ')} instead of their results: those inputs get no lineage parent, so the hash differs from the full run's.
              </p>
            )}
            <ValueView value={record?.inputs} testId="node-view-inputs" empty="Run the workflow to see this node's inputs." />
          </section>
          <section className="node-pane node-pane-middle">
            <h3>Settings and code</h3>
            <dl className="settings-list">
              <dt>Type</dt>
              <dd>{node.type}</dd>
              {node.type === 'component' && (
                <>
                  <dt>Platform</dt>
                  <dd>{node.platform}{node.image ? ` · ${node.image}` : ''}</dd>
                  <dt>Retry</dt>
                  <dd>{node.retry?.maxAttempts ?? 1} attempt(s)</dd>
                  <dt>Timeout</dt>
                  <dd>{node.timeoutMs === undefined ? 'none' : formatMs(node.timeoutMs)}</dd>
                </>
              )}
              {run?.hash && (
                <>
                  <dt>Hash</dt>
                  <dd className="mono" title={run.hash}>{run.hash.slice(0, 16)}…</dd>
                </>
              )}
            </dl>
            {node.type === 'component' && node.language && <CodeEditor value={node.code ?? ''} language={node.language} height={220} testId="node-view-code" />}
          </section>
          <section className="node-pane">
            <h3>
              Outputs {pinned && <span className="badge" data-testid="pinned-badge">pinned</span>}
            </h3>
            <ValueView value={outputs ?? pinned} testId="node-view-outputs" empty={run?.status === 'running' ? 'Running…' : 'No outputs yet.'} />
          </section>
        </div>
        <div className="node-view-bottom">
          <section className="node-logs">
            <h3>Logs</h3>
            <div className="log-lines" data-testid="node-view-logs">
              {logs.length === 0 ? <div className="value-empty">No log lines.</div> : logs.map((l, i) => (
                <div key={i} className={`log-line log-${l.stream}`}>
                  {l.line}
                </div>
              ))}
              <div ref={logEnd} />
            </div>
          </section>
          <section className="node-attempts">
            {error && (
              <div className="node-error" data-testid="node-view-error">
                <strong>{error.code ?? 'Error'}</strong>: {error.message}
              </div>
            )}
            <h3>Attempts</h3>
            <table className="data-table" data-testid="node-view-attempts">
              <tbody>
                {(record?.attempts ?? []).map((a) => (
                  <tr key={a.attempt}>
                    <td>#{a.attempt}</td>
                    <td>
                      <span className={`badge status-${a.status}`}>{a.status}</span>
                    </td>
                    <td>{a.completedAt ? formatMs(Date.parse(a.completedAt) - Date.parse(a.startedAt)) : '…'}</td>
                    <td>{a.error?.message ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </div>
      </div>
    </div>
  );
}
