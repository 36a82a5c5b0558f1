import { describe, expect, it } from 'vitest';
import type { RunRecord } from '@twingraph/model';
import type { PrometheusSample } from '@twingraph/client';
import { counterTotal, percentile, queueHealth, runDurations, runsByDay, successRate } from './dashboard-stats.js';

const now = Date.parse('2026-03-10T12:00:00');
function run(id: string, status: RunRecord['status'], startedAt: string, ms?: number): RunRecord {
  return { runId: id, pipeline: 'p', version: 'v', status, startedAt: new Date(Date.parse(startedAt)).toISOString(), ...(ms === undefined ? {} : { completedAt: new Date(Date.parse(startedAt) + ms).toISOString() }) };
}

describe('dashboard figures', () => {
  const runs = [run('1', 'succeeded', '2026-03-10T10:00:00', 1000), run('2', 'failed', '2026-03-10T11:00:00', 3000), run('3', 'succeeded', '2026-03-08T09:00:00', 2000), run('4', 'running', '2026-03-10T11:30:00'), run('5', 'succeeded', '2026-01-01T09:00:00', 5)];
  it('buckets runs per local day with the success rate of finished ones', () => {
    const days = runsByDay(runs, 3, now);
    expect(days.map((d) => [d.day, d.succeeded, d.failed, d.running, d.successRate])).toEqual([['2026-03-08', 1, 0, 0, 1], ['2026-03-09', 0, 0, 0, null], ['2026-03-10', 1, 1, 1, 0.5]]);
    expect(successRate(runs)).toBe(3 / 4);
    expect(successRate([run('x', 'running', '2026-03-10T10:00:00')])).toBeNull();
  });
  it('lists finished runs oldest first with durations, and percentiles by nearest rank', () => {
    expect(runDurations(runs).map((d) => [d.run.runId, d.ms])).toEqual([['5', 5], ['3', 2000], ['1', 1000], ['2', 3000]]);
    expect([percentile([5, 1, 3, 2, 4], 0.5), percentile([5, 1, 3, 2, 4], 0.95), percentile([], 0.5)]).toEqual([3, 5, null]);
  });
  it('reads queue gauges and counters from Prometheus samples', () => {
    const samples: PrometheusSample[] = [
      { name: 'twingraph_queue_depth', labels: { queue: 'q1' }, value: 4 }, { name: 'twingraph_workers', labels: { queue: 'q1' }, value: 2 },
      { name: 'twingraph_queue_active', labels: { queue: 'q1' }, value: 1 }, { name: 'twingraph_component_executions_total', labels: { status: 'succeeded' }, value: 7 },
      { name: 'twingraph_component_executions_total', labels: { status: 'failed' }, value: 2 },
    ];
    expect(queueHealth(samples)).toEqual([{ queue: 'q1', depth: 4, active: 1, workers: 2 }]);
    expect(counterTotal(samples, 'twingraph_component_executions_total')).toBe(9);
    expect(counterTotal(samples, 'twingraph_component_executions_total', { status: 'failed' })).toBe(2);
  });
});
