import { describe, expect, it } from 'vitest';
import { gremlinWebSocketUrl, resolveGremlinStoreOptions } from './gremlin-store-options.js';

describe('gremlinWebSocketUrl', () => {
  it('maps gremlin:// to a plain WebSocket on /gremlin', () => {
    expect(gremlinWebSocketUrl('gremlin://127.0.0.1:8182')).toBe('ws://127.0.0.1:8182/gremlin');
    expect(gremlinWebSocketUrl('gremlin://graph.local')).toBe('ws://graph.local:8182/gremlin');
  });

  it('keeps ws(s) URLs, adding the /gremlin path when missing', () => {
    expect(gremlinWebSocketUrl('ws://h:9000/custom')).toBe('ws://h:9000/custom');
    expect(gremlinWebSocketUrl('wss://db.cluster-x.us-east-1.neptune.amazonaws.com:8182')).toBe('wss://db.cluster-x.us-east-1.neptune.amazonaws.com:8182/gremlin');
  });
});

describe('resolveGremlinStoreOptions', () => {
  it('fills the documented defaults', () => {
    expect(resolveGremlinStoreOptions({ url: 'gremlin://h:8182' })).toEqual({
      url: 'gremlin://h:8182', iam: undefined, partition: 'twingraph', batchSize: 100, maxChunkChars: 8 * 1024 * 1024, maxInFlight: 1, maxAttempts: 5, retryInitialMs: 200, connectTimeoutMs: 10_000, requestTimeoutMs: 60_000,
    });
  });
});
