import { describe, expect, it } from 'vitest';
import type { SaveWorkflowInput, StoredSchedule, WorkflowStore } from '@twingraph/core';
import { useFreshSubject, type ContractSubject } from './contract-harness.js';

export interface WorkflowStoreSubject extends ContractSubject {
  /** An empty store, used by one test only. */
  store: WorkflowStore;
}

export type WorkflowStoreFactory = () => Promise<WorkflowStoreSubject>;

/** A save of a small document named `name`; `n` varies its content (and hash). */
export function workflowInput(name: string, n = 1, extra: Partial<SaveWorkflowInput> = {}): SaveWorkflowInput {
  const document = { apiVersion: 'twingraph/v1', kind: 'Workflow', metadata: { name }, spec: { nodes: [{ id: `node-${n}`, label: 'Ünïcode ✓ 😀', config: { list: [1, null, true], nested: { deep: 'x' } } }], edges: [] } };
  return { document, name, hash: `hash-${name}-${n}`, ...extra };
}

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));

function schedule(workflowId: string, overrides: Partial<StoredSchedule> = {}): StoredSchedule {
  return { workflowId, cron: '*/5 * * * *', timezone: 'Europe/Paris', enabled: true, inputs: { day: 'monday', n: 3 }, version: 1, updatedAt: '2024-01-01T00:00:00.000Z', missed: [], ...overrides };
}

/**
 * The WorkflowStore contract: every implementation binds it, e.g.
 * `describeWorkflowStoreContract('FileWorkflowStore', async () => ({ store: new FileWorkflowStore() }))`.
 */
export function describeWorkflowStoreContract(name: string, factory: WorkflowStoreFactory): void {
  describe(`WorkflowStore contract: ${name}`, () => {
    const subject = useFreshSubject(factory, () => Promise.resolve());
    const store = (): WorkflowStore => subject().store;

    it('creates version 1 and appends an immutable version on every save', async () => {
      const created = await store().create(workflowInput('etl', 1, { tags: ['data', 'nightly'], createdBy: 'ada' }));
      expect(created).toMatchObject({ name: 'etl', tags: ['data', 'nightly'], latestVersion: 1, version: 1 });
      expect(created.id).toEqual(expect.any(String));
      expect(created.createdAt).toBe(created.updatedAt);
      expect(created.document).toStrictEqual(workflowInput('etl', 1).document);
      await tick();

      const second = await store().update(created.id, workflowInput('etl-renamed', 2, { createdBy: 'bob' }));
      expect(second).toMatchObject({ id: created.id, name: 'etl-renamed', tags: ['data', 'nightly'], latestVersion: 2, version: 2, createdAt: created.createdAt });
      expect(second!.updatedAt > created.updatedAt).toBe(true);
      const third = await store().update(created.id, workflowInput('etl-renamed', 3, { tags: ['only'] }));
      expect(third).toMatchObject({ tags: ['only'], latestVersion: 3, version: 3 });

      expect(await store().get(created.id)).toEqual(third);
      const first = await store().get(created.id, 1);
      expect(first).toMatchObject({ version: 1, latestVersion: 3, name: 'etl-renamed' });
      expect(first!.document).toStrictEqual(workflowInput('etl', 1).document);
      expect(await store().get(created.id, 4)).toBeUndefined();

      const versions = await store().versions(created.id);
      expect(versions!.map((v) => [v.version, v.hash, v.createdBy])).toEqual([[3, 'hash-etl-renamed-3', undefined], [2, 'hash-etl-renamed-2', 'bob'], [1, 'hash-etl-1', 'ada']]);
      expect(versions![2]).toStrictEqual({ workflowId: created.id, version: 1, hash: 'hash-etl-1', createdAt: created.createdAt, createdBy: 'ada', document: workflowInput('etl', 1).document });
    });

    it('gives concurrent saves of one workflow distinct, consecutive versions', async () => {
      const created = await store().create(workflowInput('busy'));
      const saved = await Promise.all([2, 3, 4, 5, 6].map((n) => store().update(created.id, workflowInput('busy', n))));
      expect(saved.map((s) => s!.version).sort()).toEqual([2, 3, 4, 5, 6]);
      expect((await store().versions(created.id))!.map((v) => v.version)).toEqual([6, 5, 4, 3, 2, 1]);
      expect((await store().get(created.id))!.latestVersion).toBe(6);
    });

    it('answers undefined or false for workflows that do not exist', async () => {
      expect(await store().get('missing')).toBeUndefined();
      expect(await store().update('missing', workflowInput('x'))).toBeUndefined();
      expect(await store().versions('missing')).toBeUndefined();
      expect(await store().delete('missing')).toBe(false);
      expect(await store().getSchedule('missing')).toBeUndefined();
      expect(await store().putSchedule('missing', schedule('missing'))).toBe(false);
    });

    it('hides a deleted workflow everywhere and keeps the others', async () => {
      const kept = await store().create(workflowInput('kept'));
      const gone = await store().create(workflowInput('gone'));
      await store().putSchedule(gone.id, schedule(gone.id));
      expect(await store().delete(gone.id)).toBe(true);
      expect(await store().delete(gone.id)).toBe(false);
      expect(await store().get(gone.id)).toBeUndefined();
      expect(await store().get(gone.id, 1)).toBeUndefined();
      expect(await store().versions(gone.id)).toBeUndefined();
      expect(await store().update(gone.id, workflowInput('gone', 2))).toBeUndefined();
      expect(await store().listSchedules()).toEqual([]);
      const page = await store().list({ page: 1, size: 10 });
      expect(page.items.map((w) => w.id)).toEqual([kept.id]);
      expect(page.total).toBe(1);
    });

    it('lists the most recently updated first, by page, with tag and name filters', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        ids.push((await store().create(workflowInput(`flow-${i}`, 1, { tags: i % 2 === 0 ? ['even'] : ['odd', 'x'] }))).id);
        await tick();
      }
      await store().update(ids[1]!, workflowInput('Renamed flow', 2));
      const names = async (query: Parameters<WorkflowStore['list']>[0]): Promise<string[]> => (await store().list(query)).items.map((w) => w.name);

      expect(await names({ page: 1, size: 10 })).toEqual(['Renamed flow', 'flow-4', 'flow-3', 'flow-2', 'flow-0']);
      const page2 = await store().list({ page: 2, size: 2 });
      expect(page2).toMatchObject({ page: 2, size: 2, total: 5 });
      expect(page2.items.map((w) => w.name)).toEqual(['flow-3', 'flow-2']);
      expect((await store().list({ page: 9, size: 2 })).items).toEqual([]);
      expect(await names({ page: 1, size: 10, tag: 'odd' })).toEqual(['Renamed flow', 'flow-3']);
      expect((await store().list({ page: 1, size: 10, tag: 'odd' })).total).toBe(2);
      expect(await names({ page: 1, size: 10, tag: 'none' })).toEqual([]);
      expect(await names({ page: 1, size: 10, name: 'flow-' })).toEqual(['flow-4', 'flow-3', 'flow-2', 'flow-0']);
      expect(await names({ page: 1, size: 10, name: 'renamed' })).toEqual([]);
      expect(await names({ page: 1, size: 10, name: '%' })).toEqual([]);
      expect(await names({ page: 1, size: 10, tag: 'even', name: '4' })).toEqual(['flow-4']);
      const [summary] = (await store().list({ page: 1, size: 1 })).items;
      expect(Object.keys(summary!).sort()).toEqual(['createdAt', 'id', 'latestVersion', 'name', 'tags', 'updatedAt']);
      expect(summary).toMatchObject({ id: ids[1], name: 'Renamed flow', tags: ['odd', 'x'], latestVersion: 2 });
    });

    it('keeps, replaces and removes a schedule; lists those of live workflows', async () => {
      const a = await store().create(workflowInput('a'));
      const b = await store().create(workflowInput('b'));
      expect(await store().getSchedule(a.id)).toBeUndefined();
      const first = schedule(a.id);
      expect(await store().putSchedule(a.id, first)).toBe(true);
      expect(await store().getSchedule(a.id)).toStrictEqual(first);
      const replaced = schedule(a.id, { enabled: false, lastRunAt: '2024-01-02T00:00:00.000Z', lastExecutionId: 'run-1', lastError: 'boom', missed: ['2024-01-01T00:05:00.000Z'] });
      delete replaced.inputs;
      delete replaced.version;
      await store().putSchedule(a.id, replaced);
      expect(await store().getSchedule(a.id)).toStrictEqual(replaced);
      await store().putSchedule(b.id, schedule(b.id));
      expect((await store().listSchedules()).map((s) => s.workflowId).sort()).toEqual([a.id, b.id].sort());
      expect(await store().putSchedule(a.id, undefined)).toBe(true);
      expect(await store().getSchedule(a.id)).toBeUndefined();
      expect((await store().listSchedules()).map((s) => s.workflowId)).toEqual([b.id]);
      // A new version keeps the schedule.
      await store().update(b.id, workflowInput('b', 2));
      expect(await store().getSchedule(b.id)).toStrictEqual(schedule(b.id));
    });

    it('passes its health check', async () => {
      await expect(store().check()).resolves.toBeUndefined();
    });
  });
}
