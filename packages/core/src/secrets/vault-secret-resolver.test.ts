import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '@twingraph/model';
import { VaultSecretResolver } from './vault-secret-resolver.js';

/**
 * Vault cannot be installed from the registries this project may use, so these tests run against a
 * local stand-in of the KV version 2 read API as documented by HashiCorp
 * (`GET /v1/<mount>/data/<path>` → `{"data": {"data": {...}, "metadata": {...}}}`, 404 with
 * `{"errors": []}` for a missing path, 403 `{"errors": ["permission denied"]}` for a bad token,
 * `X-Vault-Namespace` selecting the namespace).
 */
function vaultStandIn(): { server: Server; requests: Array<{ url: string; token?: string; namespace?: string }> } {
  const secrets: Record<string, Record<string, Record<string, unknown> | null>> = {
    '': { 'secret/data/twingraph': { DB_PASSWORD: 'vault-pw', NESTED: { a: 1 } }, 'secret/data/apps/billing': { token: 'billing-token' }, 'secret/data/deleted': null },
    team: { 'kv/data/twingraph': { DB_PASSWORD: 'team-pw' } },
  };
  const requests: Array<{ url: string; token?: string; namespace?: string }> = [];
  const server = createServer((request, response) => {
    const token = request.headers['x-vault-token'] as string | undefined;
    const namespace = request.headers['x-vault-namespace'] as string | undefined;
    requests.push({ url: request.url ?? '', ...(token === undefined ? {} : { token }), ...(namespace === undefined ? {} : { namespace }) });
    const json = (status: number, body: unknown): void => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.method !== 'GET' || !request.url?.startsWith('/v1/')) return json(405, { errors: ['unsupported'] });
    if (token !== 'root-token') return json(403, { errors: ['permission denied'] });
    const space = secrets[namespace ?? ''];
    const path = decodeURIComponent(request.url.slice('/v1/'.length));
    if (space === undefined || !(path in space)) return json(404, { errors: [] });
    const data = space[path];
    json(200, { request_id: 'x', lease_duration: 0, data: { data, metadata: { version: 1, deletion_time: data === null ? '2026-01-01T00:00:00Z' : '' } } });
  });
  return { server, requests };
}

describe('VaultSecretResolver (KV v2 over HTTP, local stand-in)', () => {
  const { server, requests } = vaultStandIn();
  let address = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    address = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('reads keys of the default path, of a named path (a/b#key and a/b/key), with the token header', async () => {
    const vault = new VaultSecretResolver({ address, token: 'root-token', cacheTtlMs: 0 });
    expect(await vault.resolve('DB_PASSWORD')).toBe('vault-pw');
    expect(await vault.resolve('NESTED')).toBe('{"a":1}');
    expect(await vault.resolve('apps/billing#token')).toBe('billing-token');
    expect(await vault.resolve('apps/billing/token')).toBe('billing-token');
    expect(requests.at(-1)).toMatchObject({ url: '/v1/secret/data/apps/billing', token: 'root-token' });
  });

  it('answers undefined for a missing path, key or deleted version (the next resolver is asked)', async () => {
    const vault = new VaultSecretResolver({ address, token: 'root-token', cacheTtlMs: 0 });
    expect(await vault.resolve('NOT_THERE')).toBeUndefined();
    expect(await vault.resolve('nope/path#key')).toBeUndefined();
    expect(await vault.resolve('deleted#key')).toBeUndefined();
  });

  it('sends the namespace and uses the configured mount', async () => {
    const vault = new VaultSecretResolver({ address, token: 'root-token', namespace: 'team', mount: 'kv', cacheTtlMs: 0 });
    expect(await vault.resolve('DB_PASSWORD')).toBe('team-pw');
    expect(requests.at(-1)).toMatchObject({ url: '/v1/kv/data/twingraph', namespace: 'team' });
  });

  it('reads a path once within the cache ttl', async () => {
    const vault = new VaultSecretResolver({ address, token: 'root-token', cacheTtlMs: 60_000 });
    const before = requests.length;
    await vault.resolve('DB_PASSWORD');
    await vault.resolve('NESTED');
    expect(requests.length - before).toBe(1);
  });

  it('a denied token or an unreachable Vault is ERR_SECRET_UNAVAILABLE with a hint', async () => {
    const denied = await new VaultSecretResolver({ address, token: 'wrong', cacheTtlMs: 0 }).resolve('DB_PASSWORD').catch((e: unknown) => e);
    expect(denied).toMatchObject({ code: ERROR_CODES.SECRET_UNAVAILABLE });
    expect((denied as { hint: string }).hint).toContain('VAULT_TOKEN');
    const down = await new VaultSecretResolver({ address: 'http://127.0.0.1:1', token: 'root-token', timeoutMs: 2000 }).resolve('X').catch((e: unknown) => e);
    expect(down).toMatchObject({ code: ERROR_CODES.SECRET_UNAVAILABLE });
    expect((down as Error).message).toContain('cannot reach Vault');
  });
});
