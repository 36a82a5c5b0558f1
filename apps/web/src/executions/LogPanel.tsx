import { useEffect, useRef, useState } from 'react';
import type { LogRecord } from '@twingraph/model';

/** Log lines of the run (or of the selected node), newest at the bottom, following while at the bottom. */
export function LogPanel({ lines, names, filter, onClearFilter }: { lines: readonly LogRecord[]; names: ReadonlyMap<string, string>; filter: string | undefined; onClearFilter: () => void }) {
  const box = useRef<HTMLDivElement>(null);
  const [follow, setFollow] = useState(true);
  const [stream, setStream] = useState<'all' | 'stdout' | 'stderr' | 'system'>('all');
  const shown = lines.filter((l) => (filter === undefined || l.executionId === filter) && (stream === 'all' || l.stream === stream));
  useEffect(() => {
    const el = box.current;
    if (follow && el !== null) el.scrollTop = el.scrollHeight;
  }, [shown.length, follow]);
  return (
    <div className="log-panel" data-testid="log-panel">
      <div className="log-toolbar">
        <strong>Logs</strong>
        {filter !== undefined && (
          <span className="chip" data-testid="log-filter">
            {names.get(filter) ?? filter}
            <button type="button" className="icon-button" onClick={onClearFilter} aria-label="Show all nodes' logs">
              ×
            </button>
          </span>
        )}
        <select className="select small" value={stream} onChange={(e) => setStream(e.target.value as typeof stream)} data-testid="log-stream">
          <option value="all">all streams</option>
          <option value="stdout">stdout</option>
          <option value="stderr">stderr</option>
          <option value="system">system</option>
        </select>
        <span className="muted" data-testid="log-count">
          {shown.length} lines
        </span>
        <label className="muted">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> follow
        </label>
      </div>
      <div className="log-lines" ref={box} data-testid="log-lines">
        {shown.length === 0 && <div className="empty">No log lines yet.</div>}
        {shown.map((l) => (
          <div key={`${l.seq ?? ''}:${l.executionId}:${l.at}`} className={`log-line log-${l.stream}`} data-testid="log-line" data-node={names.get(l.executionId) ?? l.executionId}>
            <span className="log-time">{l.at.slice(11, 23)}</span>
            <span className="log-node">{names.get(l.executionId) ?? l.executionId.slice(0, 8)}</span>
            <span className="log-text">{l.line}</span>
          </div>
        ))}
      </div>
    </div>
  );
}
