import { describe, expect, it } from 'vitest';
import { expectGraphTracingRun } from '../shared/graph-tracing-checks.js';
import { withTempEngine } from '../shared/temp-engine.js';
import demo from './pipeline.js';

describe('demo 1: graph tracing', () => {
  it.each([1, 7, 42])('gives the demo figures and the graph its parents say (seed %i)', async (seed) => {
    await withTempEngine(async (engine) => {
      const run = await demo({ seed }, { engine });
      expect(run.status).toBe('succeeded');
      await expectGraphTracingRun(engine.lineageStore!, run.runId, run.result!);
    });
  });

  it('produces some averages (E) across seeds, each with four parents', async () => {
    await withTempEngine(async (engine) => {
      let averages = 0;
      for (let seed = 0; seed < 15 && averages === 0; seed++) {
        const run = await demo({ seed }, { engine });
        await expectGraphTracingRun(engine.lineageStore!, run.runId, run.result!);
        averages += run.result!.executions.E.length;
      }
      expect(averages).toBeGreaterThan(0);
    });
  });
});
