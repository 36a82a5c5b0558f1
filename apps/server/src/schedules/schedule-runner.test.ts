import { describe, expect, it } from 'vitest';
import type { FastifyBaseLogger } from 'fastify';
import type { ExecutionService } from '../executions/execution-service.js';
import { FileWorkflowStore } from '../workflows/file-workflow-store.js';
import { ScheduleRunner } from './schedule-runner.js';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined } as unknown as FastifyBaseLogger;
const DOCUMENT = { apiVersion: 'twingraph/v1', kind: 'Workflow', metadata: { name: 'scheduled' }, nodes: [], edges: [] };

describe('ScheduleRunner', () => {
  it('a schedule deleted while a tick is starting its run stays deleted (the tick does not write it back)', async () => {
    const store = new FileWorkflowStore();
    const { id } = await store.create({ document: DOCUMENT, name: 'scheduled', hash: 'h' });
    let release: () => void = () => undefined;
    const starts: string[] = [];
    // A run start that takes as long as the test wants: the delete lands while it is pending.
    const executions = {
      start: async () => {
        starts.push('started');
        await new Promise<void>((resolve) => (release = resolve));
        return { executionId: 'run-1' };
      },
    } as unknown as ExecutionService;
    const runner = new ScheduleRunner(store, executions, quiet);
    await runner.put(id, { cron: '* * * * * *', timezone: 'UTC', enabled: true });
    for (let i = 0; i < 40 && starts.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(starts).toHaveLength(1);
    expect(await runner.remove(id)).toBe(true);
    release();
    await new Promise((r) => setTimeout(r, 100));
    expect(await store.getSchedule(id)).toBeUndefined();
    runner.close();
  });
});
