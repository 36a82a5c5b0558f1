import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InMemoryLineageStore } from '@twingraph/core';
import { ERROR_CODES } from '@twingraph/model';
import { createSqliteStores, type SqliteStores } from '@twingraph/store-sql';
import { canonicalWrites } from '@twingraph/testing';
import { importGraphson } from './graphson-import.js';
import { exportGraphson } from './graphson-writer.js';
import { snapshot, transferFixture } from './graph-transfer.test-support.js';

describe('GraphSON export / import', () => {
  let dir: string;
  let stores: SqliteStores[];
  const sqlite = (name: string): SqliteStores => {
    const s = createSqliteStores(join(dir, `${name}.db`));
    stores.push(s);
    return s;
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'twingraph-graphson-'));
    stores = [];
  });
  afterEach(async () => {
    for (const s of stores) await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes TinkerPop GraphSON 3.0 adjacency lines: typed numbers, outE and inE per vertex', async () => {
    const source = sqlite('a').lineageStore;
    await source.write(transferFixture());
    const file = join(dir, 'graph.json');
    expect(await exportGraphson(source, file, { partition: 'p1' })).toEqual({ pipelines: 2, components: 9, edges: 9 + 9 + 1 });
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, any>) /* eslint-disable-line @typescript-eslint/no-explicit-any -- parsed test data */;
    expect(lines).toHaveLength(11);
    const reuse = lines.find((l) => l.id === 'p1/c/run-1:reuse')!;
    expect(reuse.label).toBe('Component');
    expect(reuse.properties.attempts).toEqual([{ id: { '@type': 'g:Int64', '@value': expect.any(Number) }, value: { '@type': 'g:Int32', '@value': 1 } }]);
    expect(reuse.properties.big[0].value).toEqual({ '@type': 'g:Int64', '@value': 2 ** 40 });
    expect(reuse.properties.ratio[0].value).toEqual({ '@type': 'g:Double', '@value': 0.5 });
    expect(reuse.properties.tg_partition[0].value).toBe('p1');
    expect(Object.keys(reuse.outE).sort()).toEqual(['BELONGS_TO', 'CACHED_FROM', 'DEPENDS_ON']);
    expect(reuse.outE.DEPENDS_ON[0]).toMatchObject({ inV: 'p1/c/run-1:bottom', properties: { data_flow: '[{"from_output":"sum","to_input":"a"}]' } });
    const top = lines.find((l) => l.id === 'p1/c/run-1:top')!;
    expect(top.inE.CACHED_FROM[0].outV).toBe('p1/c/run-1:reuse');
    expect(top.inE.DEPENDS_ON.map((e: { outV: string }) => e.outV).sort()).toEqual(['p1/c/run-1:left', 'p1/c/run-1:right']);
    // The same edge has the same id on both ends.
    expect(top.inE.CACHED_FROM[0].id).toEqual(reuse.outE.CACHED_FROM[0].id);
    const run1 = lines.find((l) => l.id === 'p1/p/run-1')!;
    expect(run1.inE.BELONGS_TO).toHaveLength(5);
    expect(run1.inE.BELONGS_TO[0].properties.component_order['@type']).toBe('g:Int32');
  });

  it('SQLite → GraphSON → memory → GraphSON → SQLite keeps every vertex, property and edge', async () => {
    const source = sqlite('a').lineageStore;
    await source.write(transferFixture());
    await exportGraphson(source, join(dir, '1.json'));
    const memory = new InMemoryLineageStore();
    await importGraphson(memory, join(dir, '1.json'));
    await exportGraphson(memory, join(dir, '2.json'));
    const target = sqlite('b').lineageStore;
    expect(await importGraphson(target, join(dir, '2.json'))).toEqual({ pipelines: 2, components: 9, edges: 19 });
    expect(await snapshot(target)).toEqual(await snapshot(source));
    expect(await snapshot(source)).toEqual(canonicalWrites(transferFixture()));
    expect(await target.statistics()).toEqual(await source.statistics());
  });

  it('imports only the partition asked for, and skips pending vertices', async () => {
    const source = new InMemoryLineageStore();
    await source.write(transferFixture());
    await exportGraphson(source, join(dir, 'a.json'), { partition: 'a' });
    const pending = JSON.stringify({ id: 'b/c/ghost', label: 'Component', properties: { tg_partition: [{ id: 1, value: 'b' }], tg_pending: [{ id: 2, value: true }], execution_id: [{ id: 3, value: 'ghost' }] } });
    writeFileSync(join(dir, 'ab.json'), `${readFileSync(join(dir, 'a.json'), 'utf8')}${pending}\n`);
    const onlyB = new InMemoryLineageStore();
    expect(await importGraphson(onlyB, join(dir, 'ab.json'), { partition: 'b' })).toEqual({ pipelines: 0, components: 0, edges: 0 });
    const all = new InMemoryLineageStore();
    expect((await importGraphson(all, join(dir, 'ab.json'))).components).toBe(9);
  });

  it('refuses a file that is not GraphSON of the TwinGraph schema, naming the line', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, `${JSON.stringify({ id: 'x', label: 'Component', properties: { name: [{ id: 1, value: 'n' }] } })}\n`);
    const error = await importGraphson(new InMemoryLineageStore(), file).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ERROR_CODES.VALIDATION });
    expect((error as Error).message).toMatch(/bad\.json:1 .*lacks execution_id/);
    writeFileSync(file, '{"id": 1, "label": "Component"\n');
    expect(await importGraphson(new InMemoryLineageStore(), file).catch((e: unknown) => e)).toMatchObject({ code: ERROR_CODES.VALIDATION, message: expect.stringContaining('not JSON') });
  });
});
