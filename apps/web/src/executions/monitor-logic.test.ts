import { describe, expect, it } from 'vitest';
import type { NodeRecord } from '@twingraph/model';
import type { ExecutionDetailDto } from '@twingraph/client';
import { applyEvent, fromSnapshot } from './execution-live-state.js';
import { assignLanes } from './gantt-lanes.js';
import { formatDuration } from './monitor-format.js';
import { diffRuns } from './run-diff.js';

function node(name: string, over: Partial<NodeRecord> = {}): NodeRecord {
  return {
    executionId: `${name}-id`, runId: 'r', name, hash: `h-${name}`, platform: 'local', status: 'succeeded', parents: [], attempts: [],
    inputs: {}, outputs: {}, startedAt: '2026-01-01T00:00:00.000Z', completedAt: '2026-01-01T00:00:01.000Z', ...over,
  };
}

describe('assignLanes', () => {
  it('puts overlapping bars on separate lanes and reuses a lane once it is free', () => {
    const placed = assignLanes([
      { id: 'a', start: 0, end: 10 }, { id: 'b', start: 2, end: 5 }, { id: 'c', start: 3, end: 4 }, { id: 'd', start: 5, end: 9 }, { id: 'e', start: 10, end: 12 },
    ]);
    const lane = Object.fromEntries(placed.map((p) => [p.item.id, p.lane]));
    expect(lane).toEqual({ a: 0, b: 1, c: 2, d: 1, e: 0 });
  });
});

describe('diffRuns', () => {
  it('pairs nodes by name (repeated calls by occurrence), lists what differs, and finds the first differing node in dependency order', () => {
    const a = [node('load'), node('split', { parents: ['load-id'], hash: 'h1', inputs: { n: 1 }, outputs: { parts: 2 } }), node('embed', { parents: ['split-id'], hash: 'h2' })];
    const b = [node('load'), node('split', { parents: ['load-id'], hash: 'h1b', inputs: { n: 2 }, outputs: { parts: 2 } }), node('embed', { parents: ['split-id'], hash: 'h2b', status: 'failed' })];
    const diff = diffRuns(a, b);
    expect(diff.rows.map((r) => [r.key, r.differences])).toEqual([['load', []], ['split', ['inputs', 'hash']], ['embed', ['status', 'hash']]]);
    expect(diff.rows[diff.firstDifference]!.key).toBe('split');
  });

  it('reports no difference for equal runs even when durations vary a little, and a missing node otherwise', () => {
    const a = [node('x', { inputs: { b: 1, a: 2 } })];
    const b = [node('x', { inputs: { a: 2, b: 1 }, completedAt: '2026-01-01T00:00:01.100Z' })];
    expect(diffRuns(a, b).firstDifference).toBe(-1);
    const slow = diffRuns(a, [node('x', { inputs: { a: 2, b: 1 }, completedAt: '2026-01-01T00:00:09.000Z' })]);
    expect(slow.rows[0]!.differences).toEqual(['duration']);
    expect(slow.firstDifference).toBe(-1);
    const missing = diffRuns([...a, node('y', { startedAt: '2026-01-01T00:00:02.000Z' }), node('y', { executionId: 'y2', startedAt: '2026-01-01T00:00:03.000Z' })], b);
    expect(missing.rows.map((r) => [r.key, r.differences])).toEqual([['x', []], ['y', ['missing']], ['y #2', ['missing']]]);
  });
});

describe('applyEvent', () => {
  const detail: ExecutionDetailDto = { runId: 'r', pipeline: 'p', version: 'v', status: 'running', startedAt: '2026-01-01T00:00:00.000Z', active: true, nodes: [] };
  const base = { executionId: 'r', at: '2026-01-01T00:00:01.000Z' };
  it('adds nodes, moves statuses forward, ignores replays of older events and finishes the run', () => {
    let s = fromSnapshot(detail);
    s = applyEvent(s, { ...base, id: 1, type: 'node:status', nodeExecutionId: 'n1', name: 'a', platform: 'local', status: 'running', hash: 'h', attempt: 1, parents: [] });
    expect(s.detail.nodes).toMatchObject([{ name: 'a', status: 'running', startedAt: base.at }]);
    s = applyEvent(s, { ...base, id: 2, at: '2026-01-01T00:00:02.000Z', type: 'node:status', nodeExecutionId: 'n1', name: 'a', platform: 'local', status: 'succeeded', hash: 'h', attempt: 1, parents: [], outputs: { x: 1 } });
    const done = s;
    s = applyEvent(s, { ...base, id: 1, type: 'node:status', nodeExecutionId: 'n1', name: 'a', platform: 'local', status: 'running', hash: 'h', attempt: 1, parents: [] });
    expect(s).toBe(done);
    expect(s.detail.nodes[0]).toMatchObject({ status: 'succeeded', outputs: { x: 1 }, completedAt: '2026-01-01T00:00:02.000Z' });
    s = applyEvent(s, { ...base, id: 3, type: 'node:retry', nodeExecutionId: 'n1', name: 'a', attempt: 2, delayMs: 10, error: { code: 'E', message: 'm' } });
    expect(s.retries).toEqual({ n1: 2 });
    s = applyEvent(s, { ...base, id: 4, type: 'execution:update', pipeline: 'p', status: 'succeeded' });
    expect(s.detail).toMatchObject({ status: 'succeeded', active: false, completedAt: base.at });
    expect(applyEvent(s, { ...base, id: 5, type: 'execution:update', pipeline: 'p', status: 'running' })).toBe(s);
    expect(applyEvent(s, { ...base, executionId: 'other', id: 6, type: 'execution:update', pipeline: 'p', status: 'failed' })).toBe(s);
  });
});

describe('formatDuration', () => {
  it('reads well from milliseconds to hours', () => {
    expect([formatDuration(850), formatDuration(1234), formatDuration(12_345), formatDuration(245_000), formatDuration(7_380_000), formatDuration(undefined)]).toEqual(['850 ms', '1.23 s', '12.3 s', '4m 05s', '2h 03m', '—']);
  });
});

describe('shortId', () => {
  it('keeps the distinctive end of time-ordered UUIDs and the start of hashes', async () => {
    const { shortId } = await import('./monitor-format.js');
    expect(shortId('01a21471-2138-765d-a309-5508752da6a7')).toBe('752da6a7');
    expect(shortId('3c938783a4d527ce6b03b799cc0800a0')).toBe('3c938783');
    expect(shortId('short')).toBe('short');
  });
});
