import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '@twingraph/model';
import { secretResolverFromEnv } from './secret-wiring.js';

describe('secretResolverFromEnv', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'twingraph-secret-wiring-'));
    await writeFile(join(dir, 'secrets.json'), JSON.stringify({ FROM_FILE: 'file-value', BOTH: 'file-loses' }));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('asks env (TWINGRAPH_SECRET_*) first, then the secrets file', async () => {
    const resolver = secretResolverFromEnv({ TWINGRAPH_SECRET_BOTH: 'env-wins', TWINGRAPH_SECRETS_FILE: join(dir, 'secrets.json'), PLAIN: 'p' });
    expect(resolver.name).toBe('env+file');
    expect(await resolver.resolve('BOTH')).toBe('env-wins');
    expect(await resolver.resolve('FROM_FILE')).toBe('file-value');
    expect(await resolver.resolve('PLAIN')).toBeUndefined();
  });

  it('reads plain variables only with TWINGRAPH_SECRETS_PLAIN_ENV=1, and adds Vault when VAULT_ADDR is set', async () => {
    expect(await secretResolverFromEnv({ TWINGRAPH_SECRETS_PLAIN_ENV: '1', PLAIN: 'p' }).resolve('PLAIN')).toBe('p');
    expect(secretResolverFromEnv({ VAULT_ADDR: 'http://127.0.0.1:8200', VAULT_TOKEN: 't' }).name).toBe('env+vault');
  });

  it('refuses VAULT_ADDR without VAULT_TOKEN and a malformed flag', () => {
    expect(() => secretResolverFromEnv({ VAULT_ADDR: 'http://127.0.0.1:8200' })).toThrow(expect.objectContaining({ code: ERROR_CODES.INVALID_OPTIONS }));
    expect(() => secretResolverFromEnv({ TWINGRAPH_SECRETS_PLAIN_ENV: 'maybe' })).toThrow(/TWINGRAPH_SECRETS_PLAIN_ENV/);
  });
});
