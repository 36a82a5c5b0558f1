import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '@twingraph/model';
import { EnvSecretResolver } from './env-secret-resolver.js';
import { FileSecretResolver, parseDotEnv } from './file-secret-resolver.js';
import { SecretMasker } from './secret-masker.js';
import { findSecretReferences, resolveSecretReferences } from './secret-references.js';
import { ChainSecretResolver } from './secret-resolver.js';

describe('secret references', () => {
  const env = new EnvSecretResolver({ env: { TWINGRAPH_SECRET_DB_PASSWORD: 'hunter2!', TWINGRAPH_SECRET_API_KEY: 'k-123', PLAIN_ONE: 'plain' } });

  it('finds every referenced name once, not escaped ones', () => {
    expect(findSecretReferences({ A: 'x ${secret:db-password} ${secret:API_KEY}', B: ['${secret:db-password}'], C: '$${secret:literal}' })).toEqual(['db-password', 'API_KEY']);
  });

  it('replaces references inside strings, keeps the input untouched and registers values with the masker', async () => {
    const masker = new SecretMasker();
    const input = { URL: 'postgres://app:${secret:db-password}@db/app', KEY: '${secret:API_KEY}', KEEP: 'no ref', ESC: 'cost: $${secret:x}' };
    const resolved = await resolveSecretReferences(input, env, { masker });
    expect(resolved).toEqual({ URL: 'postgres://app:hunter2!@db/app', KEY: 'k-123', KEEP: 'no ref', ESC: 'cost: ${secret:x}' });
    expect(input.URL).toBe('postgres://app:${secret:db-password}@db/app');
    expect(masker.mask('pw=hunter2! key=k-123')).toBe('pw=*** key=***');
  });

  it('names every missing secret with a stable code and does not retry', async () => {
    const error = await resolveSecretReferences({ A: '${secret:NOPE}', B: '${secret:ALSO_NOPE} ${secret:API_KEY}' }, env, { context: "component 'load'" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ERROR_CODES.SECRET_NOT_FOUND, nonRetryable: true, details: { missing: ['NOPE', 'ALSO_NOPE'] } });
    expect((error as Error).message).toContain("component 'load'");
    const none = await resolveSecretReferences({ A: '${secret:X}' }, undefined).catch((e: unknown) => e);
    expect(none).toMatchObject({ code: ERROR_CODES.SECRET_NOT_FOUND });
    expect((none as Error).message).toContain('no secret resolver is configured');
  });

  it('env resolver reads plain variables only when asked to', async () => {
    expect(await env.resolve('PLAIN_ONE')).toBeUndefined();
    expect(await new EnvSecretResolver({ env: { PLAIN_ONE: 'plain' }, plain: true }).resolve('PLAIN_ONE')).toBe('plain');
  });

  it('masks longest values first, multi-line values line by line, and deep values with keys', () => {
    const masker = new SecretMasker();
    masker.add('abc');
    masker.add('abcdef');
    masker.add('line-one\nline-two\n');
    expect(masker.mask('abcdef abc')).toBe('*** ***');
    expect(masker.mask('got line-two')).toBe('got ***');
    const value = { a: ['abc', 1, null], abc: { n: 'x' } };
    expect(masker.maskDeep(value)).toEqual({ a: ['***', 1, null], '***': { n: 'x' } });
    masker.add('q"uote\\');
    expect(masker.mask(JSON.stringify({ v: 'q"uote\\' }))).toBe('{"v":"***"}');
    const clean = { a: 'nothing' };
    expect(masker.maskDeep(clean)).toBe(clean);
  });
});

describe('FileSecretResolver', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'twingraph-secrets-'));
    await mkdir(join(dir, 'mount', 'db'), { recursive: true });
    await writeFile(join(dir, 'mount', 'API_KEY'), 'from-file\n');
    await writeFile(join(dir, 'mount', 'db', 'password'), 's3cr3t');
    await writeFile(join(dir, 'outside'), 'nope');
    await writeFile(join(dir, 'secrets.json'), JSON.stringify({ API_KEY: 'from-json', NUM: 42 }));
    await writeFile(join(dir, 'secrets.env'), '# comment\nexport API_KEY="from \\"env\\""\nOTHER=value # trailing\nQUOTED=\'single\'\n');
    await writeFile(join(dir, 'broken.json'), '{nope');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads one file per secret from a directory (Docker/Kubernetes mounts), nested names, not outside it', async () => {
    const files = new FileSecretResolver({ path: join(dir, 'mount') });
    expect(await files.resolve('API_KEY')).toBe('from-file');
    expect(await files.resolve('db/password')).toBe('s3cr3t');
    expect(await files.resolve('MISSING')).toBeUndefined();
    expect(await files.resolve('../outside')).toBeUndefined();
  });

  it('reads JSON and .env files', async () => {
    expect(await new FileSecretResolver({ path: join(dir, 'secrets.json') }).resolve('API_KEY')).toBe('from-json');
    expect(await new FileSecretResolver({ path: join(dir, 'secrets.json') }).resolve('NUM')).toBe('42');
    const dotenv = new FileSecretResolver({ path: join(dir, 'secrets.env') });
    expect(await dotenv.resolve('API_KEY')).toBe('from "env"');
    expect(await dotenv.resolve('OTHER')).toBe('value');
    expect(await dotenv.resolve('QUOTED')).toBe('single');
    expect(parseDotEnv('A=1\nnot a line\nB = two')).toEqual({ A: '1', B: 'two' });
  });

  it('reports an unreadable or malformed source as ERR_SECRET_UNAVAILABLE', async () => {
    await expect(new FileSecretResolver({ path: join(dir, 'missing-dir') }).resolve('X')).rejects.toMatchObject({ code: ERROR_CODES.SECRET_UNAVAILABLE });
    await expect(new FileSecretResolver({ path: join(dir, 'broken.json') }).resolve('X')).rejects.toMatchObject({ code: ERROR_CODES.SECRET_UNAVAILABLE });
  });

  it('chains resolvers: the first that holds a name wins', async () => {
    const chain = new ChainSecretResolver([new EnvSecretResolver({ env: { TWINGRAPH_SECRET_API_KEY: 'env-wins' } }), new FileSecretResolver({ path: join(dir, 'mount') })]);
    expect(chain.name).toBe('env+file');
    expect(await chain.resolve('API_KEY')).toBe('env-wins');
    expect(await chain.resolve('db/password')).toBe('s3cr3t');
  });
});
