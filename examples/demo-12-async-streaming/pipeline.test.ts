import { describe, expect, it } from 'vitest';
import type { RunEvent } from 'twingraph';
import { withTempEngine } from '../shared/temp-engine.js';
import demo from './pipeline.js';

describe('demo 12: async and streaming components', () => {
  it('adds, multiplies, streams 1000 items to a consumer that reads them as they arrive', async () => {
    await withTempEngine(async (engine) => {
      const events: RunEvent[] = [];
      const run = await demo(undefined, { engine, onEvent: (e) => events.push(e) });
      expect(run.status).toBe('succeeded');
      const result = run.result!;
      expect(result.sum).toBe(15);
      expect(result.product).toBe(30);
      expect(result.streamed).toBe(1000);
      expect(result.consumed).toBe(1000);
      expect(result.total).toBe(0.5 * (999 * 1000) / 2);

      // The consumer was running (and had items) before the producer finished.
      const producerDone = events.find((e) => e.type === 'node.status' && e.name === 'sensor_readings' && e.status === 'succeeded')!;
      const consumerStart = events.find((e) => e.type === 'node.status' && e.name === 'summarise_readings' && e.status === 'running')!;
      expect(consumerStart.seq).toBeLessThan(producerDone.seq);
      const progress = events.filter((e) => e.type === 'node.progress');
      expect(progress.length).toBeGreaterThan(0);
      expect(progress.at(-1)).toMatchObject({ items: 1000 });

      const graph = (await engine.lineageStore!.getRunGraph(run.runId))!;
      expect(graph.components.map((c) => c.name).sort()).toEqual(['add_numbers', 'multiply_numbers', 'sensor_readings', 'summarise_readings']);
      const dependsOn = graph.edges.filter((e) => e.label === 'DEPENDS_ON').map((e) => [e.from, e.to]);
      const { add, multiply, stream, consumer } = result.executions;
      expect(dependsOn).toHaveLength(2);
      expect(dependsOn).toContainEqual([multiply, add]);
      expect(dependsOn).toContainEqual([consumer, stream]);
    });
  });
});
