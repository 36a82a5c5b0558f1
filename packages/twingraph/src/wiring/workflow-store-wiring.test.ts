import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileWorkflowStore } from '@twingraph/server';
import { SqlWorkflowStore } from '@twingraph/store-sql';
import { workflowInput } from '@twingraph/testing';
import { mergeSettings } from './twingraph-config.js';
import { openWorkflowStore } from './workflow-store-wiring.js';

describe('openWorkflowStore', () => {
  let home: string;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'twingraph-wf-wiring-'));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  /** What an earlier version kept: JSON files under <home>/workflows. */
  async function legacyFiles(): Promise<{ kept: string; deleted: string }> {
    const files = new FileWorkflowStore({ dir: join(home, 'workflows') });
    const kept = await files.create(workflowInput('legacy', 1, { tags: ['old'], createdBy: 'ada' }));
    await files.update(kept.id, workflowInput('legacy', 2));
    await files.putSchedule(kept.id, { workflowId: kept.id, cron: '0 * * * *', timezone: 'UTC', enabled: true, updatedAt: kept.createdAt, missed: [] });
    const deleted = await files.create(workflowInput('deleted'));
    await files.delete(deleted.id);
    return { kept: kept.id, deleted: deleted.id };
  }

  it('keeps workflows in the SQLite store and imports the JSON files of earlier versions once', async () => {
    const { kept, deleted } = await legacyFiles();
    const logged: string[] = [];
    const settings = mergeSettings({ home });
    const opened = await openWorkflowStore(settings, (line) => logged.push(line));
    expect(opened.store).toBeInstanceOf(SqlWorkflowStore);
    expect(opened.imported).toMatchObject({ imported: 2, skipped: 0, failed: [], movedTo: join(home, 'workflows.imported') });
    expect(logged[0]).toMatch(/imported 2 saved workflow/);
    expect(existsSync(join(home, 'workflows'))).toBe(false);
    expect(readdirSync(join(home, 'workflows.imported'))).toHaveLength(2);

    const store = opened.store;
    expect(await store.get(kept)).toMatchObject({ id: kept, name: 'legacy', tags: ['old'], latestVersion: 2, version: 2 });
    expect((await store.get(kept, 1))?.document).toStrictEqual(workflowInput('legacy', 1).document);
    expect((await store.versions(kept))?.map((v) => [v.version, v.createdBy])).toEqual([[2, undefined], [1, 'ada']]);
    expect((await store.getSchedule(kept))?.cron).toBe('0 * * * *');
    expect(await store.get(deleted)).toBeUndefined();
    expect((await store.list({ page: 1, size: 10 })).total).toBe(1);
    // New saves continue the history.
    expect((await store.update(kept, workflowInput('legacy', 3)))?.version).toBe(3);
    await opened.close();

    const again = await openWorkflowStore(settings);
    expect(again.imported).toEqual({ imported: 0, skipped: 0, failed: [] });
    expect((await again.store.get(kept))?.latestVersion).toBe(3);
    await again.close();
  });

  it('keeps the folder when a file cannot be read, importing the others', async () => {
    const { kept } = await legacyFiles();
    writeFileSync(join(home, 'workflows', 'broken.json'), '{ not json');
    const logged: string[] = [];
    const opened = await openWorkflowStore(mergeSettings({ home }), (line) => logged.push(line));
    expect(opened.imported?.imported).toBe(2);
    expect(opened.imported?.failed.map((f) => f.file)).toEqual([join(home, 'workflows', 'broken.json')]);
    expect(logged.some((line) => /could not import .*broken\.json/.test(line))).toBe(true);
    expect(existsSync(join(home, 'workflows', `${kept}.json`))).toBe(true);
    await opened.close();
    // Once the file is fixed (here: removed), the next start finishes the move; nothing is imported twice.
    rmSync(join(home, 'workflows', 'broken.json'));
    const again = await openWorkflowStore(mergeSettings({ home }));
    expect(again.imported).toMatchObject({ imported: 0, skipped: 2, failed: [] });
    expect((await again.store.versions(kept))?.length).toBe(2);
    await again.close();
  });

  it('keeps JSON files for --store memory', async () => {
    const opened = await openWorkflowStore(mergeSettings({ home, store: 'memory' }));
    expect(opened.store).toBeInstanceOf(FileWorkflowStore);
    await opened.store.create(workflowInput('in-files'));
    expect(readdirSync(join(home, 'workflows'))).toHaveLength(1);
    await opened.close();
  });
});
