import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ConnectionState, ExecutionListDto } from '@twingraph/client';
import type { LogRecord } from '@twingraph/model';
import type { WsEvent } from '@twingraph/protocol';
import { api } from '../app/api.js';
import { useApiStatus } from '../app/api-status-store.js';
import { href, navigate, useRoute } from '../app/router.js';
import { useSession } from '../app/session-store.js';
import { toastError, toastSuccess } from '../app/toast-store.js';
import { ErrorPanel } from './ErrorPanel.js';
import { ExecutionDag } from './ExecutionDag.js';
import { applyEvent, fromSnapshot, statusCounts, type LiveExecution } from './execution-live-state.js';
import { GanttTimeline } from './GanttTimeline.js';
import { LogPanel } from './LogPanel.js';
import { durationBetween, formatDuration, formatTime, shortId } from './monitor-format.js';
import { NodeInspector } from './NodeInspector.js';
import { StatusBadge } from './StatusBadge.js';
import { useThrottled } from './use-load.js';
import './monitor.css';

/** Events kept to re-apply over a REST snapshot that lags behind them (bounded). */
const MAX_KEPT_EVENTS = 20_000;

/** One execution, live: DAG, timeline, logs and node details, following `/ws` with resume. */
export default function ExecutionPage() {
  const { params } = useRoute();
  const id = params['id'] ?? '';
  const [live, setLive] = useState<LiveExecution | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [logs, setLogs] = useState<LogRecord[]>([]);
  const [wsState, setWsState] = useState<ConnectionState>('connecting');
  const [eventCount, setEventCount] = useState(0);
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const [now, setNow] = useState(Date.now());
  const [stopping, setStopping] = useState(false);
  const generation = useApiStatus((s) => s.generation);
  // Signed in without editor rights: Stop would be refused (403), so say so up front. Auth off: no session, local admin.
  const roles = useSession((s) => s.session?.roles);
  const canStop = roles === undefined || roles.includes('editor') || roles.includes('admin');
  const events = useRef<WsEvent[]>([]);
  const afterSeq = useRef(0);
  const logsBusy = useRef<Promise<void> | undefined>(undefined);
  const logsAgain = useRef(false);
  const shownId = useRef(id);
  shownId.current = id;

  const loadSnapshot = useCallback(async () => {
    try {
      const detail = await api.executions.get(id);
      if (shownId.current !== id) return;
      // The run store may lag the events: replay what the socket delivered on top (idempotent).
      setLive(events.current.reduce(applyEvent, fromSnapshot(detail)));
      setError(undefined);
    } catch (e) {
      setError(e);
    }
  }, [id]);

  // One log fetch at a time; a request while one runs schedules exactly one more.
  const loadLogs = useCallback(() => {
    if (logsBusy.current !== undefined) {
      logsAgain.current = true;
      return;
    }
    const run = async (): Promise<void> => {
      do {
        logsAgain.current = false;
        let more = true;
        while (more) {
          const page = await api.executions.logs(id, { afterSeq: afterSeq.current, limit: 1000 });
          // The page moved on to another execution while this page of lines was on its way.
          if (shownId.current !== id) return;
          afterSeq.current = page.nextAfterSeq;
          more = page.more;
          if (page.items.length > 0) setLogs((l) => [...l, ...page.items]);
        }
      } while (logsAgain.current);
    };
    const busy: Promise<void> = run()
      .catch(() => undefined)
      .finally(() => {
        if (logsBusy.current === busy) logsBusy.current = undefined;
      });
    logsBusy.current = busy;
  }, [id]);
  const loadLogsSoon = useThrottled(loadLogs, 250);

  useEffect(() => {
    setLive(undefined);
    setLogs([]);
    setSelected(undefined);
    events.current = [];
    afterSeq.current = 0;
    // A fetch for the previous execution may still run: it stops itself (shownId); start afresh.
    logsBusy.current = undefined;
    logsAgain.current = false;
    void loadSnapshot();
    loadLogs();
    let subscription: ReturnType<typeof api.subscribe> | undefined;
    try {
      subscription = api.subscribe({
        target: { executionId: id },
        // Everything the server still buffers for this run: statuses are complete even for a run
        // that started before the page opened.
        resumeFrom: 0,
        onEvent: (event) => {
          events.current.push(event);
          if (events.current.length > MAX_KEPT_EVENTS) events.current.splice(0, events.current.length - MAX_KEPT_EVENTS);
          setEventCount((c) => c + 1);
          setLive((s) => (s === undefined ? s : applyEvent(s, event)));
          if (event.type === 'node:log') loadLogsSoon();
          if (event.type === 'graph:update' || (event.type === 'execution:update' && event.status !== 'running')) {
            void loadSnapshot();
            loadLogs();
          }
        },
        onState: setWsState,
        onGap: () => {
          void loadSnapshot();
          loadLogs();
        },
      });
    } catch (e) {
      toastError('Live updates are off', e);
    }
    return () => subscription?.close();
  }, [id, loadSnapshot, loadLogs, loadLogsSoon]);

  // The API came back after being down: reload what may have been missed.
  useEffect(() => {
    if (generation === 0) return;
    void loadSnapshot();
    loadLogs();
  }, [generation, loadSnapshot, loadLogs]);

  const running = live?.detail.status === 'running';
  useEffect(() => {
    if (!running) return undefined;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [running]);

  const detail = live?.detail;
  const names = useMemo(() => new Map((detail?.nodes ?? []).map((n) => [n.executionId, n.name])), [detail?.nodes]);
  const workflowId = detail?.labels?.['twingraph.workflowId'];
  const version = detail?.labels?.['twingraph.workflowVersion'];

  const [others, setOthers] = useState<ExecutionListDto['items']>([]);
  useEffect(() => {
    if (workflowId === undefined) return;
    api.executions.list({ workflowId, limit: 20 }).then((list) => setOthers(list.items.filter((r) => r.runId !== id)), () => setOthers([]));
  }, [workflowId, id, detail?.status]);

  const stop = async () => {
    setStopping(true);
    try {
      const run = await api.executions.stop(id);
      toastSuccess(`Execution ${run.status}`);
      await loadSnapshot();
    } catch (e) {
      toastError('Could not stop the execution', e);
    } finally {
      setStopping(false);
    }
  };

  if (detail === undefined) {
    return (
      <div className="monitor-page" data-testid="execution-page">
        {error !== undefined ? <ErrorPanel error={error} onRetry={() => void loadSnapshot()} /> : <div className="page-loading">Loading execution…</div>}
      </div>
    );
  }
  const counts = statusCounts(detail.nodes);
  const selectedNode = detail.nodes.find((n) => n.executionId === selected);
  return (
    <div className="monitor-page" data-testid="execution-page" data-status={detail.status}>
      <header className="monitor-header">
        <div className="monitor-title">
          <a href="#/executions" className="muted">
            Executions
          </a>
          <span className="muted">/</span>
          <h2 title={detail.runId}>{detail.pipeline}</h2>
          <StatusBadge status={detail.status} testId="execution-status" />
          <span className={`ws-state ws-${wsState}`} data-testid="ws-state" data-state={wsState} data-events={eventCount} title="Live updates over WebSocket">
            {wsState === 'open' ? 'live' : wsState}
          </span>
        </div>
        <div className="monitor-actions">
          {running && (
            <button
              type="button"
              className="button danger"
              onClick={() => void stop()}
              disabled={stopping || !canStop}
              title={canStop ? 'Cancel the run: running components are aborted' : 'Stopping needs the editor role'}
              data-testid="stop-execution"
            >
              {stopping ? 'Stopping…' : 'Stop'}
            </button>
          )}
          <a className="button" href={href('/lineage', { execution: detail.runId })} data-testid="open-lineage">
            Lineage
          </a>
          {others.length > 0 && (
            <select className="select" value="" onChange={(e) => navigate(`/executions/diff/${detail.runId}/${e.target.value}`)} data-testid="compare-select">
              <option value="">Compare with…</option>
              {others.map((r) => (
                <option key={r.runId} value={r.runId}>
                  {shortId(r.runId)} · {r.status} · {formatTime(r.startedAt)}
                </option>
              ))}
            </select>
          )}
        </div>
      </header>
      <div className="monitor-facts" data-testid="execution-facts">
        <span>
          id <code data-testid="execution-id">{detail.runId}</code>
        </span>
        {workflowId !== undefined && (
          <span>
            workflow <a href={href(`/designer/${workflowId}`)}>{workflowId}</a>
            {version !== undefined && ` v${version}`}
          </span>
        )}
        <span>started {formatTime(detail.startedAt)}</span>
        <span data-testid="execution-duration">duration {formatDuration(durationBetween(detail.startedAt, detail.completedAt, now))}</span>
        <span data-testid="execution-progress">
          {detail.nodes.length} nodes
          {Object.entries(counts).map(([s, n]) => (
            <span key={s} className={`count status-text-${s}`}>
              {' '}
              · {n} {s}
            </span>
          ))}
        </span>
      </div>
      {detail.error !== undefined && <ErrorPanel error={detail.error} testId="execution-error" />}
      {error !== undefined && <ErrorPanel error={error} onRetry={() => void loadSnapshot()} />}
      <div className="monitor-main">
        <ExecutionDag nodes={detail.nodes} selected={selected} retries={live?.retries ?? {}} onSelect={setSelected} />
        {selectedNode !== undefined && <NodeInspector node={selectedNode} onClose={() => setSelected(undefined)} />}
      </div>
      <section className="monitor-section">
        <h3>Timeline</h3>
        <GanttTimeline nodes={detail.nodes} now={now} selected={selected} onSelect={setSelected} />
      </section>
      <section className="monitor-section">
        <LogPanel lines={logs} names={names} filter={selected} onClearFilter={() => setSelected(undefined)} />
      </section>
    </div>
  );
}
