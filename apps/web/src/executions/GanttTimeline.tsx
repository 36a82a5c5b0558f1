import type { NodeRecord } from '@twingraph/model';
import { assignLanes } from './gantt-lanes.js';
import { formatDuration } from './monitor-format.js';

const LANE_HEIGHT = 24;

/**
 * Components on a time axis: one bar per node execution from start to end (running ones grow to
 * now), packed into lanes so parallel work shows side by side.
 */
export function GanttTimeline({ nodes, now, selected, onSelect }: { nodes: readonly NodeRecord[]; now: number; selected: string | undefined; onSelect: (id: string) => void }) {
  const items = nodes
    .filter((n) => n.startedAt !== undefined)
    .map((n) => {
      const start = Date.parse(n.startedAt!);
      const end = n.completedAt === undefined ? (n.status === 'running' ? now : start) : Date.parse(n.completedAt);
      return { id: n.executionId, start, end: Math.max(end, start), node: n };
    });
  if (items.length === 0) return <div className="empty" data-testid="gantt-empty">No component has started yet.</div>;
  const t0 = Math.min(...items.map((i) => i.start));
  const t1 = Math.max(...items.map((i) => i.end), t0 + 1);
  const span = t1 - t0;
  const placed = assignLanes(items);
  const lanes = Math.max(...placed.map((p) => p.lane)) + 1;
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  return (
    <div className="gantt" data-testid="gantt" data-lanes={lanes}>
      <div className="gantt-axis">
        {ticks.map((t) => (
          <span key={t} style={{ left: `${t * 100}%` }}>
            +{formatDuration(t * span)}
          </span>
        ))}
      </div>
      <div className="gantt-body" style={{ height: lanes * LANE_HEIGHT + 4 }}>
        {Array.from({ length: lanes }, (_, lane) => (
          <div key={lane} className="gantt-lane" data-testid="gantt-lane" style={{ top: lane * LANE_HEIGHT }} />
        ))}
        {placed.map(({ item, lane }) => {
          const left = ((item.start - t0) / span) * 100;
          const width = Math.max(0.4, ((item.end - item.start) / span) * 100);
          return (
            <button
              type="button"
              key={item.id}
              className={`gantt-bar status-bg-${item.node.status}${item.id === selected ? ' selected' : ''}`}
              data-testid="gantt-bar"
              data-name={item.node.name}
              data-lane={lane}
              data-status={item.node.status}
              style={{ left: `${left}%`, width: `${width}%`, top: lane * LANE_HEIGHT + 2 }}
              title={`${item.node.name}: ${item.node.status}, ${formatDuration(item.end - item.start)}`}
              onClick={() => onSelect(item.id)}
            >
              <span>{item.node.name}</span>
            </button>
          );
        })}
      </div>
    </div>
  );
}
