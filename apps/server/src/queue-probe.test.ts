import { describe, expect, it } from 'vitest';
import { loginAs, startTestServer } from './server.test-support.js';

describe('job queue in /health and /metrics', () => {
  it('exports the queue gauges and checks the queue; a failing queue makes /health 503', async () => {
    let fail = false;
    const t = await startTestServer({
      queueProbe: () => (fail ? Promise.reject(new Error('redis down')) : Promise.resolve([{ queue: 'twingraph', depth: 7, active: 2, workers: 3 }])),
    });
    try {
      const viewer = await loginAs(t.server, 'vic');
      const metrics = (await t.server.app.inject({ method: 'GET', url: '/metrics', headers: viewer })).body;
      expect(metrics).toContain('twingraph_queue_depth{queue="twingraph"} 7');
      expect(metrics).toContain('twingraph_queue_active{queue="twingraph"} 2');
      expect(metrics).toContain('twingraph_workers{queue="twingraph"} 3');
      expect((await t.server.app.inject({ method: 'GET', url: '/health' })).json()).toMatchObject({ checks: { queue: { status: 'ok' } } });
      fail = true;
      const health = await t.server.app.inject({ method: 'GET', url: '/health' });
      expect(health.statusCode).toBe(503);
      expect(health.json()).toMatchObject({ checks: { queue: { status: 'fail', error: 'redis down' } } });
      // A scrape still answers (the gauges keep their last values) while the queue is down.
      expect((await t.server.app.inject({ method: 'GET', url: '/metrics', headers: viewer })).statusCode).toBe(200);
    } finally {
      await t.cleanup();
    }
  });
});
