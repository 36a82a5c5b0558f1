import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WsEvent } from '@twingraph/protocol';
import type { ClientError } from './client-error.js';
import { chainWorkflow, startClientHarness, type ClientHarness } from './client.test-support.js';
import type { ConnectionState } from './event-subscription.js';

function until(predicate: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const tick = (): void => {
      if (predicate()) resolve();
      else if (Date.now() > deadline) reject(new Error('condition not met in time'));
      else setTimeout(tick, 10);
    };
    tick();
  });
}

describe('EventSubscription against a real server', () => {
  let h: ClientHarness;
  beforeAll(async () => {
    h = await startClientHarness();
  });
  afterAll(async () => h.t.cleanup());

  it('delivers an execution\'s events in order; a dropped connection reconnects and resumes without gap or duplicate', async () => {
    const { id: workflowId } = await h.client.workflows.create({ document: chainWorkflow() });
    const { executionId } = await h.client.executions.start({ workflowId });
    const events: WsEvent[] = [];
    const states: ConnectionState[] = [];
    const subscribed: Array<{ replayed: number; resumed: boolean }> = [];
    let dropped = false;
    const subscription = h.client.subscribe({
      target: { executionId },
      resumeFrom: 0,
      reconnect: { initialDelayMs: 20, maxDelayMs: 100 },
      onState: (state) => states.push(state),
      onSubscribed: (info) => subscribed.push(info),
      onEvent: (event) => {
        events.push(event);
        // Drop the socket after the first log line: the rest of the run happens while it reconnects.
        if (event.type === 'node:log' && !dropped) {
          dropped = true;
          subscription.dropConnection();
        }
      },
    });
    await until(() => events.some((e) => e.type === 'execution:update' && e.status !== 'running'));
    subscription.close();

    const ids = events.map((e) => e.id);
    const expected = h.t.server.hub.since(0)!.filter((e) => e.executionId === executionId).map((e) => e.id);
    expect(ids).toEqual(expected);
    expect(events.filter((e) => e.type === 'node:log')).toHaveLength(9);
    expect(states).toEqual(['open', 'reconnecting', 'open', 'closed']);
    expect(subscribed.map((s) => s.resumed)).toEqual([true, true]);
    expect(subscription.lastEventId).toBe(ids.at(-1));
  });

  it('follows every execution with target all, from now on', async () => {
    const { id: workflowId } = await h.client.workflows.create({ document: chainWorkflow('all') });
    const events: WsEvent[] = [];
    let ready = false;
    const subscription = h.client.subscribe({ target: { all: true }, onEvent: (e) => events.push(e), onSubscribed: () => { ready = true; } });
    await until(() => ready);
    const before = h.t.server.hub.lastId;
    const { executionId } = await h.client.executions.start({ workflowId });
    await until(() => events.some((e) => e.type === 'execution:update' && e.executionId === executionId && e.status === 'succeeded'));
    subscription.close();
    expect(events.every((e) => e.id > before)).toBe(true);
    expect(events.filter((e) => e.type === 'node:status' && e.status === 'succeeded').map((e) => e.type === 'node:status' && e.name)).toEqual(['a', 'b', 'c']);
    expect(events.some((e) => e.type === 'graph:update')).toBe(true);
  });

  it('reports a resume gap when the events are gone, and one when the server restarted', async () => {
    const gaps: ClientError[] = [];
    let ready = false;
    // An id far ahead of the server's: what a client sees after the server restarted.
    const subscription = h.client.subscribe({ target: { all: true }, resumeFrom: h.t.server.hub.lastId + 1000, onEvent: () => undefined, onGap: (e) => gaps.push(e), onSubscribed: () => { ready = true; } });
    await until(() => ready);
    subscription.close();
    expect(gaps.map((g) => g.code)).toEqual(['ERR_RESUME_GAP']);
    expect(subscription.lastEventId).toBe(h.t.server.hub.lastId);
  });

  it('connects with an API key (exchanged for a token) and reconnects with backoff while the credentials fail', async () => {
    const byKey = h.newClient({ apiKey: 'tg_ci_key_0123456789' });
    expect(await byKey.wsUrl()).toMatch(/\/ws\?token=/);
    let ready = false;
    const subscription = byKey.subscribe({ target: { all: true }, onEvent: () => undefined, onSubscribed: () => { ready = true; } });
    await until(() => ready);
    subscription.close();

    const badKey = h.newClient({ apiKey: 'wrong' });
    const errors: ClientError[] = [];
    const states: ConnectionState[] = [];
    const failing = badKey.subscribe({ target: { all: true }, onEvent: () => undefined, onError: (e) => errors.push(e), onState: (s) => states.push(s), reconnect: { initialDelayMs: 10, maxDelayMs: 20 } });
    await until(() => errors.length >= 2);
    failing.close();
    expect(errors[0]).toMatchObject({ code: 'ERR_UNAUTHENTICATED', status: 401 });
    expect(states.filter((s) => s === 'reconnecting').length).toBeGreaterThanOrEqual(2);
    expect(states).not.toContain('open');
  });

  it('without a WebSocket implementation, subscribe says how to pass one', () => {
    const saved = (globalThis as { WebSocket?: unknown }).WebSocket;
    try {
      delete (globalThis as { WebSocket?: unknown }).WebSocket;
      const client = h.newClient({ WebSocket: undefined as never });
      const error = (() => {
        try {
          client.subscribe({ target: { all: true }, onEvent: () => undefined });
        } catch (e) {
          return e as ClientError;
        }
        return undefined;
      })();
      expect(error).toMatchObject({ code: 'ERR_INVALID_OPTIONS' });
      expect(error?.hint).toMatch(/Pass one in the client options/);
    } finally {
      if (saved !== undefined) (globalThis as { WebSocket?: unknown }).WebSocket = saved;
    }
  });
});
