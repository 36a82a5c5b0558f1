import type { RunRecord } from '@twingraph/model';
import { formatDuration, shortId } from '../executions/monitor-format.js';
import { percentile, type DayBucket } from './dashboard-stats.js';

const W = 520;
const H = 150;
const PAD = { left: 48, right: 8, top: 10, bottom: 22 };

/** Stacked bars of runs per day (succeeded / failed / cancelled) with the day's success rate. */
export function SuccessRateChart({ days }: { days: readonly DayBucket[] }) {
  const max = Math.max(1, ...days.map((d) => d.succeeded + d.failed + d.cancelled + d.running));
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const bw = innerW / days.length;
  const y = (v: number) => PAD.top + innerH - (v / max) * innerH;
  return (
    <svg viewBox={`0 0 ${W} ${H}`} className="chart" role="img" aria-label="Runs per day and success rate" data-testid="success-chart">
      <line x1={PAD.left} x2={W - PAD.right} y1={y(0)} y2={y(0)} className="axis" />
      <text x={PAD.left - 4} y={y(max) + 4} className="tick" textAnchor="end">{max}</text>
      <text x={PAD.left - 4} y={y(0)} className="tick" textAnchor="end">0</text>
      {days.map((d, i) => {
        const x = PAD.left + i * bw + bw * 0.15;
        const w = bw * 0.7;
        let base = 0;
        const parts = (['succeeded', 'failed', 'cancelled', 'running'] as const).map((status) => {
          const v = d[status];
          const rect = v === 0 ? null : <rect key={status} x={x} width={w} y={y(base + v)} height={y(base) - y(base + v)} className={`bar bar-${status}`} data-testid={`bar-${status}`} />;
          base += v;
          return rect;
        });
        const label = d.successRate === null ? '' : `${Math.round(d.successRate * 100)}%`;
        return (
          <g key={d.day} data-testid="chart-day" data-day={d.day} data-success={d.successRate ?? ''}>
            <title>{`${d.day}: ${d.succeeded} succeeded, ${d.failed} failed, ${d.cancelled} cancelled, ${d.running} running`}</title>
            {parts}
            {label !== '' && (
              <text x={x + w / 2} y={y(base) - 3} className="bar-label" textAnchor="middle">{label}</text>
            )}
            {(i % Math.ceil(days.length / 7) === 0 || i === days.length - 1) && (
              <text x={x + w / 2} y={H - 6} className="tick" textAnchor="middle">{d.day.slice(5)}</text>
            )}
          </g>
        );
      })}
    </svg>
  );
}

/** One bar per finished run (oldest left), height = duration, with p50 and p95 lines. */
export function DurationChart({ runs }: { runs: ReadonlyArray<{ run: RunRecord; ms: number }> }) {
  if (runs.length === 0) return <div className="empty" data-testid="duration-chart-empty">No finished runs yet.</div>;
  const max = Math.max(1, ...runs.map((r) => r.ms));
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const bw = innerW / runs.length;
  const y = (v: number) => PAD.top + innerH - (v / max) * innerH;
  const p50 = percentile(runs.map((r) => r.ms), 0.5)!;
  const p95 = percentile(runs.map((r) => r.ms), 0.95)!;
  return (
    <svg viewBox={`0 0 ${W} ${H}`} className="chart" role="img" aria-label="Run durations" data-testid="duration-chart" data-p50={p50} data-p95={p95}>
      <line x1={PAD.left} x2={W - PAD.right} y1={y(0)} y2={y(0)} className="axis" />
      <text x={PAD.left - 4} y={y(max) + 4} className="tick" textAnchor="end">{formatDuration(max)}</text>
      {runs.map(({ run, ms }, i) => (
        <a key={run.runId} href={`#/executions/${run.runId}`}>
          <rect x={PAD.left + i * bw + bw * 0.12} width={Math.max(1, bw * 0.76)} y={y(ms)} height={Math.max(1, y(0) - y(ms))} className={`bar bar-${run.status}`} data-testid="duration-bar">
            <title>{`${run.pipeline} ${shortId(run.runId)}: ${run.status}, ${formatDuration(ms)}`}</title>
          </rect>
        </a>
      ))}
      {[['p50', p50], ['p95', p95]].map(([label, v]) => (
        <g key={label}>
          <line x1={PAD.left} x2={W - PAD.right} y1={y(v as number)} y2={y(v as number)} className={`ref-line ref-${label}`} />
          <text x={W - PAD.right} y={y(v as number) - 3} className="tick" textAnchor="end">{`${label} ${formatDuration(v as number)}`}</text>
        </g>
      ))}
    </svg>
  );
}
