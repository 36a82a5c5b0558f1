import { afterEach, describe, expect, it } from 'vitest';
import { buildChain, describeWithService } from '@twingraph/testing';
import { ERROR_CODES, TwinGraphError } from '@twingraph/model';
import { GremlinLineageStore } from './gremlin-lineage-store.js';
import { gremlinWebSocketUrl, resolveGremlinStoreOptions } from './gremlin-store-options.js';
import { gremlinAvailable, TEST_GREMLIN_URL } from './gremlin-test-support.test-support.js';
import { NeptuneIamSigner } from './neptune-iam-signer.js';
import { startNeptuneStandIn, TEST_CREDENTIALS, TEST_REGION, type NeptuneStandIn } from './neptune-stand-in.test-support.js';

const upstreamPort = Number(new URL(TEST_GREMLIN_URL.replace(/^gremlin:/, 'http:')).port || 8182);

describe('Neptune IAM options', () => {
  it('neptune:// is TLS with IAM on, region from the URL; without a region it says what to add', () => {
    const options = resolveGremlinStoreOptions({ url: 'neptune://db.cluster-abc.eu-west-1.neptune.amazonaws.com:8182?region=eu-west-1' });
    expect(options.iam).toEqual({ region: 'eu-west-1' });
    expect(gremlinWebSocketUrl(options.url)).toBe('wss://db.cluster-abc.eu-west-1.neptune.amazonaws.com:8182/gremlin');
    expect(resolveGremlinStoreOptions({ url: 'wss://h:8182/gremlin' }).iam).toBeUndefined();
    expect(resolveGremlinStoreOptions({ url: 'wss://h:8182/gremlin', iam: { region: 'us-east-1' } }).iam).toEqual({ region: 'us-east-1' });
    const error = (() => {
      try {
        resolveGremlinStoreOptions({ url: 'neptune://h:8182' });
      } catch (e) {
        return e as TwinGraphError;
      }
      return undefined;
    })();
    expect(error?.code).toBe(ERROR_CODES.INVALID_OPTIONS);
    expect(error?.hint).toContain('?region=');
  });

  it('signs GET https://host:port/gremlin for neptune-db with the date, host and session token', async () => {
    const signer = new NeptuneIamSigner('wss://db.example:8182/gremlin', 'eu-west-1', { ...TEST_CREDENTIALS, sessionToken: 'session-token-1' });
    const headers = await signer.headers(new Date('2024-03-04T05:06:07Z'));
    expect(headers['x-amz-date']).toBe('20240304T050607Z');
    expect(headers.host).toBe('db.example:8182');
    expect(headers['x-amz-security-token']).toBe('session-token-1');
    expect(headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDTESTNEPTUNE\/20240304\/eu-west-1\/neptune-db\/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/);
    // Same inputs, same signature; another date, another signature.
    expect((await signer.headers(new Date('2024-03-04T05:06:07Z'))).authorization).toBe(headers.authorization);
    expect((await signer.headers(new Date('2024-03-04T05:06:08Z'))).authorization).not.toBe(headers.authorization);
  });
});

describe('Neptune IAM against a signature-checking stand-in', () => {
  let standIn: NeptuneStandIn | undefined;
  const stores: GremlinLineageStore[] = [];
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    await standIn?.close();
    standIn = undefined;
  });

  it('a tampered signature (wrong secret) is refused at once: ERR_STORE_UNAVAILABLE naming HTTP 403, no retries', async () => {
    standIn = await startNeptuneStandIn(upstreamPort);
    const store = new GremlinLineageStore({ url: `ws://127.0.0.1:${standIn.port}/gremlin`, iam: { region: TEST_REGION, credentials: { ...TEST_CREDENTIALS, secretAccessKey: 'not-the-secret' } }, retryInitialMs: 10 });
    stores.push(store);
    const error = (await store.write(buildChain(1).writes).catch((e: unknown) => e)) as TwinGraphError;
    expect(error).toBeInstanceOf(TwinGraphError);
    expect(error.code).toBe(ERROR_CODES.STORE_UNAVAILABLE);
    expect(error.message).toContain('HTTP 403');
    expect(error.hint).toContain('neptune-db:connect');
    expect(standIn.handshakes).toEqual([{ ok: false, reason: 'signature mismatch' }]);
  });

  it('without credentials anywhere in the AWS chain it fails at once saying so', async () => {
    const saved = { ...process.env };
    for (const key of Object.keys(process.env)) if (key.startsWith('AWS_')) delete process.env[key];
    Object.assign(process.env, { AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: '/nonexistent/config', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials' });
    try {
      const store = new GremlinLineageStore({ url: 'neptune://127.0.0.1:1?region=eu-west-1', maxAttempts: 3, retryInitialMs: 10 });
      stores.push(store);
      const error = (await store.statistics().catch((e: unknown) => e)) as TwinGraphError;
      expect(error.code).toBe(ERROR_CODES.STORE_UNAVAILABLE);
      expect(error.message).toContain('no AWS credentials');
      expect(error.hint).toContain('AWS_ACCESS_KEY_ID');
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  });

  it('the wrong region is refused too', async () => {
    standIn = await startNeptuneStandIn(upstreamPort);
    const store = new GremlinLineageStore({ url: `ws://127.0.0.1:${standIn.port}/gremlin`, iam: { region: 'us-east-1', credentials: TEST_CREDENTIALS } });
    stores.push(store);
    expect(await store.statistics().catch((e: unknown) => e)).toMatchObject({ code: ERROR_CODES.STORE_UNAVAILABLE });
    expect(standIn.handshakes[0]).toEqual({ ok: false, reason: 'wrong scope us-east-1/neptune-db' });
  });
});

await describeWithService('gremlin', gremlinAvailable, 'Neptune IAM through the stand-in to Gremlin Server', () => {
  it('writes and reads lineage over a signed handshake (with a session token), and signs the reconnection again', async () => {
    const standIn = await startNeptuneStandIn(upstreamPort);
    const credentials = { ...TEST_CREDENTIALS, sessionToken: 'token-abc' };
    const store = new GremlinLineageStore({ url: `ws://127.0.0.1:${standIn.port}/gremlin`, partition: `test-${crypto.randomUUID()}`, iam: { region: TEST_REGION, credentials: () => Promise.resolve(credentials) }, retryInitialMs: 20 });
    try {
      await store.write(buildChain(4).writes);
      expect((await store.statistics()).components).toBe(4);
      expect(standIn.handshakes).toEqual([{ ok: true, securityToken: 'token-abc' }]);
      // The connection drops; the store reconnects, and the new handshake carries a fresh valid signature.
      standIn.cut();
      credentials.sessionToken = 'token-def';
      await store.write(buildChain(2, { pipelineId: 'run-2', timeOffset: 100 }).writes);
      expect((await store.statistics()).components).toBe(6);
      expect(standIn.handshakes.slice(1)).toContainEqual({ ok: true, securityToken: 'token-def' });
      expect(standIn.handshakes.every((h) => h.ok)).toBe(true);
    } finally {
      await store.clear({ all: true }).catch(() => undefined);
      await store.close();
      await standIn.close();
    }
  });
});
