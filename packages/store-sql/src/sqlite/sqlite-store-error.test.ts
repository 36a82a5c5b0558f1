import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, TwinGraphError } from '@twingraph/model';
import { toStoreError } from './sqlite-store-error.js';

const context = { path: '/data/twingraph.db', action: 'write lineage', busyTimeoutMs: 5000 };
const sqlite = (code: string, message = 'boom'): Error => new Database.SqliteError(message, code);

describe('toStoreError', () => {
  it.each([
    ['SQLITE_NOTADB', ERROR_CODES.STORE_CORRUPT],
    ['SQLITE_CORRUPT', ERROR_CODES.STORE_CORRUPT],
    ['SQLITE_CORRUPT_INDEX', ERROR_CODES.STORE_CORRUPT],
    ['SQLITE_BUSY', ERROR_CODES.STORE_LOCKED],
    ['SQLITE_BUSY_SNAPSHOT', ERROR_CODES.STORE_LOCKED],
    ['SQLITE_LOCKED', ERROR_CODES.STORE_LOCKED],
    ['SQLITE_FULL', ERROR_CODES.STORE_UNAVAILABLE],
    ['SQLITE_IOERR_WRITE', ERROR_CODES.STORE_UNAVAILABLE],
    ['SQLITE_CANTOPEN', ERROR_CODES.STORE_UNAVAILABLE],
    ['SQLITE_READONLY', ERROR_CODES.STORE_UNAVAILABLE],
    ['SQLITE_PERM', ERROR_CODES.STORE_UNAVAILABLE],
    ['SQLITE_CONSTRAINT_NOTNULL', ERROR_CODES.VALIDATION],
  ])('maps %s to %s with a hint and the path', (sqliteCode, code) => {
    const error = toStoreError(sqlite(sqliteCode), context);
    expect(error).toBeInstanceOf(TwinGraphError);
    expect(error.code).toBe(code);
    expect(error.hint).toBeTruthy();
    expect(error.details).toMatchObject({ path: context.path, sqliteCode, action: 'write lineage' });
    expect(error.cause).toBeInstanceOf(Database.SqliteError);
  });

  it('says what to do for each kind of failure', () => {
    expect(toStoreError(sqlite('SQLITE_FULL'), context).hint).toMatch(/disk .* full/i);
    expect(toStoreError(sqlite('SQLITE_READONLY'), context).hint).toMatch(/permissions|may read and write/i);
    expect(toStoreError(sqlite('SQLITE_BUSY'), context).message).toContain('5000 ms');
    expect(toStoreError(sqlite('SQLITE_NOTADB'), context).hint).toContain('/data/twingraph.db');
  });

  it('maps file-system errors, non-serializable values and unknown failures', () => {
    const eacces = Object.assign(new Error("EACCES: permission denied, mkdir '/data'"), { code: 'EACCES' });
    expect(toStoreError(eacces, context).code).toBe(ERROR_CODES.STORE_UNAVAILABLE);
    expect(toStoreError(new TypeError('Do not know how to serialize a BigInt'), context).code).toBe(ERROR_CODES.NON_SERIALIZABLE);
    const internal = toStoreError(new Error('something else'), context);
    expect(internal.code).toBe(ERROR_CODES.INTERNAL);
    expect(internal.category).toBe('unexpected');
    const original = new TwinGraphError(ERROR_CODES.STORE_VERSION, 'newer');
    expect(toStoreError(original, context)).toBe(original);
  });
});
