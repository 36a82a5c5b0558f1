import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStores } from '@twingraph/store-sql';
import { runCli, tempHome } from '../cli-harness.test-support.js';
import { snapshot, transferFixture } from '../../graph-transfer/graph-transfer.test-support.js';

describe('twingraph graph export|import', () => {
  let t: { home: string; cleanup(): void };
  beforeEach(() => (t = tempHome()));
  afterEach(() => t.cleanup());

  it('moves the lineage of one SQLite store into another through a GraphSON file', async () => {
    const source = createSqliteStores(join(t.home, 'source.db'));
    await source.lineageStore.write(transferFixture());
    await source.close();
    const file = join(t.home, 'lineage.json');
    const exported = await runCli(['graph', 'export', '--graph', join(t.home, 'source.db'), '--out', file], { home: t.home });
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain('exported 2 pipeline(s), 9 component(s), 19 edge(s)');
    expect(readFileSync(file, 'utf8').trimEnd().split('\n')).toHaveLength(11);
    const imported = await runCli(['graph', 'import', '--graph', join(t.home, 'target.db'), '--in', file, '--json'], { home: t.home });
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toEqual({ file, pipelines: 2, components: 9, edges: 19 });
    const [a, b] = [createSqliteStores(join(t.home, 'source.db')), createSqliteStores(join(t.home, 'target.db'))];
    try {
      expect(await snapshot(b.lineageStore)).toEqual(await snapshot(a.lineageStore));
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('says what is wrong: missing flag, missing file, unreachable Gremlin Server', async () => {
    const usage = await runCli(['graph', 'export'], { home: t.home });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("required option '--out <file>'");
    const missing = await runCli(['graph', 'import', '--in', join(t.home, 'nope.json'), '--graph', 'memory'], { home: t.home });
    expect(missing.code).toBe(4);
    expect(missing.stderr).toContain('ERR_NOT_FOUND');
    expect(missing.stderr).toContain('nope.json');
    const down = await runCli(['graph', 'export', '--graph', 'gremlin://127.0.0.1:1', '--out', join(t.home, 'x.json')], { home: t.home });
    expect(down.code).toBe(3);
    expect(down.stderr).toContain('ERR_STORE_UNAVAILABLE');
    expect(down.stderr).toContain('ws://127.0.0.1:1/gremlin');
  }, 30_000);
});
