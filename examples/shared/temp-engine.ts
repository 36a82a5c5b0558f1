import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWiredEngine, mergeSettings, type Engine } from 'twingraph';

/** An engine on a fresh SQLite store in a temp folder (the embedded default), removed afterwards. */
export async function withTempEngine<T>(fn: (engine: Engine, home: string) => Promise<T>): Promise<T> {
  const home = mkdtempSync(join(tmpdir(), 'twingraph-example-'));
  const engine = createWiredEngine(mergeSettings({ home }));
  try {
    return await fn(engine, home);
  } finally {
    await engine.close();
    rmSync(home, { recursive: true, force: true });
  }
}
