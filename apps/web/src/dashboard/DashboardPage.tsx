import { useEffect } from 'react';
import type { HealthCheckDto } from '@twingraph/client';
import { api } from '../app/api.js';
import { href } from '../app/router.js';
import { ErrorPanel } from '../executions/ErrorPanel.js';
import { durationBetween, formatAgo, formatDuration, shortId } from '../executions/monitor-format.js';
import { StatusBadge } from '../executions/StatusBadge.js';
import { useLoad, useThrottled } from '../executions/use-load.js';
import { counterTotal, queueHealth, runDurations, runsByDay, successRate } from './dashboard-stats.js';
import { DurationChart, SuccessRateChart } from './RunCharts.js';
import '../executions/monitor.css';
import './dashboard.css';

/** Runs the charts cover (newest first from the API). */
const CHART_RUNS = 500;

function CheckRow({ name, check }: { name: string; check: HealthCheckDto }) {
  return (
    <tr data-testid={`health-${name}`} data-status={check.status}>
      <td>{name}</td>
      <td>
        <span className={`badge ${check.status === 'ok' ? 'status-succeeded' : check.status === 'fail' ? 'status-failed' : 'status-skipped'}`}>{check.status}</span>
      </td>
      <td className="muted">{check.latencyMs === undefined ? '' : `${check.latencyMs} ms`}</td>
      <td className="muted">{check.error ?? (check.status === 'off' ? 'not configured' : '')}</td>
    </tr>
  );
}

/** Recent workflows and executions, success and duration charts, server, queue and worker health. */
export default function DashboardPage() {
  const runs = useLoad((signal) => api.executions.list({ limit: CHART_RUNS }, { signal }), []);
  const workflows = useLoad((signal) => api.workflows.list({ size: 200 }, { signal }), []);
  const health = useLoad((signal) => api.health({ signal }), []);
  const metrics = useLoad((signal) => api.metrics({ signal }), []);

  // Live: a run starting or ending refreshes the figures; health and gauges every 10 s.
  const reloadRuns = useThrottled(runs.reload, 1000);
  useEffect(() => {
    let subscription: ReturnType<typeof api.subscribe> | undefined;
    try {
      subscription = api.subscribe({ target: { all: true }, onEvent: (e) => e.type === 'execution:update' && reloadRuns() });
    } catch {
      // No WebSocket: the periodic refresh below still runs.
    }
    const timer = setInterval(() => {
      health.reload();
      metrics.reload();
    }, 10_000);
    return () => {
      subscription?.close();
      clearInterval(timer);
    };
  }, [reloadRuns, health.reload, metrics.reload]);

  const all = runs.data?.items ?? [];
  const rate = successRate(all);
  const durations = runDurations(all).slice(-60);
  const queues = queueHealth(metrics.data ?? []);
  const recentWorkflows = [...(workflows.data?.items ?? [])].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)).slice(0, 8);
  const running = all.filter((r) => r.status === 'running').length;
  const componentRuns = counterTotal(metrics.data ?? [], 'twingraph_component_executions_total');

  return (
    <div className="monitor-page dashboard" data-testid="dashboard-page">
      <header className="monitor-header">
        <div className="monitor-title">
          <h2>Dashboard</h2>
        </div>
        <div className="monitor-actions">
          <a className="button primary" href="#/designer">
            New workflow
          </a>
        </div>
      </header>
      <div className="kpis">
        <div className="kpi" data-testid="kpi-runs">
          <span className="kpi-value">{runs.data === undefined ? '—' : all.length}</span>
          <span className="kpi-label">recent runs{all.length === CHART_RUNS ? ` (last ${CHART_RUNS})` : ''}</span>
        </div>
        <div className="kpi" data-testid="kpi-success-rate" data-value={rate ?? ''}>
          <span className="kpi-value">{rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`}</span>
          <span className="kpi-label">success rate</span>
        </div>
        <div className="kpi" data-testid="kpi-running">
          <span className="kpi-value">{runs.data === undefined ? '—' : running}</span>
          <span className="kpi-label">running now</span>
        </div>
        <div className="kpi" data-testid="kpi-workflows">
          <span className="kpi-value">{workflows.data?.total ?? '—'}</span>
          <span className="kpi-label">workflows</span>
        </div>
        <div className="kpi" data-testid="kpi-components">
          <span className="kpi-value">{metrics.data === undefined ? '—' : componentRuns}</span>
          <span className="kpi-label">component executions since start</span>
        </div>
      </div>
      {runs.error !== undefined && <ErrorPanel error={runs.error} onRetry={runs.reload} />}
      <div className="dash-grid">
        <section className="monitor-section">
          <h3>Runs per day · success rate</h3>
          <SuccessRateChart days={runsByDay(all, 14)} />
        </section>
        <section className="monitor-section">
          <h3>Run durations (last {durations.length})</h3>
          <DurationChart runs={durations} />
        </section>
        <section className="monitor-section">
          <h3>Recent executions</h3>
          <table className="table compact" data-testid="recent-executions">
            <tbody>
              {all.slice(0, 10).map((run) => (
                <tr key={run.runId} data-testid="recent-execution" data-id={run.runId} data-status={run.status}>
                  <td>
                    <a href={href(`/executions/${run.runId}`)} title={run.runId}>
                      <code>{shortId(run.runId)}</code>
                    </a>
                  </td>
                  <td>{run.pipeline}</td>
                  <td>
                    <StatusBadge status={run.status} />
                  </td>
                  <td className="muted">{formatAgo(run.startedAt)}</td>
                  <td className="muted">{formatDuration(durationBetween(run.startedAt, run.completedAt))}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {runs.data !== undefined && all.length === 0 && <div className="empty">No executions yet.</div>}
          <a href="#/executions" className="more-link">
            All executions ›
          </a>
        </section>
        <section className="monitor-section">
          <h3>Recent workflows</h3>
          <table className="table compact" data-testid="recent-workflows">
            <tbody>
              {recentWorkflows.map((w) => (
                <tr key={w.id} data-testid="recent-workflow" data-id={w.id}>
                  <td>
                    <a href={href(`/designer/${w.id}`)}>{w.name}</a>
                  </td>
                  <td className="muted">v{w.latestVersion}</td>
                  <td>{w.tags.map((t) => <span key={t} className="chip">{t}</span>)}</td>
                  <td className="muted">{formatAgo(w.updatedAt)}</td>
                  <td>
                    <a href={href('/executions', { workflowId: w.id })} className="muted">
                      runs
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {workflows.data !== undefined && recentWorkflows.length === 0 && <div className="empty">No saved workflows yet.</div>}
        </section>
        <section className="monitor-section" data-testid="server-health" data-status={health.data?.status ?? ''}>
          <h3>
            Server health{' '}
            {health.data !== undefined && <span className={`badge ${health.data.status === 'ok' ? 'status-succeeded' : 'status-failed'}`}>{health.data.status}</span>}
          </h3>
          {health.error !== undefined && <ErrorPanel error={health.error} onRetry={health.reload} />}
          {health.data !== undefined && (
            <table className="table compact">
              <tbody>
                {Object.entries(health.data.checks).map(([name, check]) => (
                  <CheckRow key={name} name={name} check={check} />
                ))}
              </tbody>
            </table>
          )}
        </section>
        <section className="monitor-section" data-testid="queue-health">
          <h3>Queue and workers</h3>
          {metrics.error !== undefined && <ErrorPanel error={metrics.error} onRetry={metrics.reload} />}
          {queues.length === 0 ? (
            <div className="empty" data-testid="queue-off">
              No job queue: components run in the server process ({health.data?.checks.queue.status === 'off' ? 'start the server with --redis to use queue workers' : 'no queue gauges reported'}).
            </div>
          ) : (
            <table className="table compact">
              <thead>
                <tr>
                  <th>queue</th>
                  <th>waiting</th>
                  <th>active</th>
                  <th>workers</th>
                </tr>
              </thead>
              <tbody>
                {queues.map((q) => (
                  <tr key={q.queue} data-testid="queue-row" data-queue={q.queue}>
                    <td>{q.queue}</td>
                    <td>{q.depth ?? '—'}</td>
                    <td>{q.active ?? '—'}</td>
                    <td className={q.workers === 0 ? 'status-text-failed' : undefined}>{q.workers ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
    </div>
  );
}
