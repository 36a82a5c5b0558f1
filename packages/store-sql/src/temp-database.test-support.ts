import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A folder under os.tmpdir() for one test's database files, removed by `remove()`. */
export interface TempDatabase {
  dir: string;
  /** `<dir>/twingraph.db` */
  path: string;
  remove(): void;
}

export function createTempDatabase(): TempDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'twingraph-store-sql-'));
  return { dir, path: join(dir, 'twingraph.db'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
