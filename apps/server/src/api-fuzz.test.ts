import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, startTestServer, type TestServer } from './server.test-support.js';

/**
 * A small in-process fuzz run against the OpenAPI document: every documented route gets random path
 * parameters, query strings and bodies (wrong types, huge numbers, unicode, nesting, malformed JSON),
 * as an admin so auth does not hide the handlers. No response may be a 5xx. Deterministic (seeded).
 */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const SCALARS: unknown[] = ['', 'x', '0', '-1', '1e308', 'NaN', 'null', 'true', '../../etc/passwd', '%00', '💥'.repeat(3), 'a'.repeat(300), 0, -1, 1.5, 2 ** 53, true, false, null];

function value(r: () => number, depth = 0): unknown {
  const pick = r();
  if (depth > 2 || pick < 0.5) return SCALARS[Math.floor(r() * SCALARS.length)];
  if (pick < 0.75) return Array.from({ length: Math.floor(r() * 4) }, () => value(r, depth + 1));
  const keys = ['document', 'tags', 'workflowId', 'version', 'inputs', 'username', 'password', 'apiKey', 'nodes', 'edges', 'metadata', 'spec', 'kind', 'apiVersion', 'extra'];
  return Object.fromEntries(Array.from({ length: Math.floor(r() * 5) }, () => [keys[Math.floor(r() * keys.length)]!, value(r, depth + 1)]));
}

describe('API fuzz (no 5xx)', () => {
  let t: TestServer;
  let admin: { authorization: string };
  let paths: Record<string, Record<string, unknown>>;
  beforeAll(async () => {
    t = await startTestServer({ rateLimitMax: false });
    admin = await loginAs(t.server, 'ada');
    paths = (await t.server.app.inject({ method: 'GET', url: '/docs/json' })).json<{ paths: Record<string, Record<string, unknown>> }>().paths;
  });
  afterAll(async () => t.cleanup());

  it('finds no 5xx over every documented route', async () => {
    const r = rng(20261125);
    const failures: string[] = [];
    let requests = 0;
    for (const [template, methods] of Object.entries(paths)) {
      for (const method of Object.keys(methods)) {
        if (template === '/ws' || template === '/metrics') continue;
        for (let i = 0; i < 40; i++) {
          const url = template.replace(/\{[^}]+\}/g, () => encodeURIComponent(String(value(r))));
          const query = new URLSearchParams(Object.entries((value(r) ?? {}) as Record<string, unknown>).map(([k, v]): [string, string] => [k, String(v)]));
          for (const name of ['page', 'size', 'limit', 'offset', 'afterSeq', 'max_depth', 'version', 'status', 'platform', 'start_time', 'tag']) {
            if (r() < 0.15) query.set(name, String(SCALARS[Math.floor(r() * SCALARS.length)]));
          }
          const malformed = r() < 0.15;
          const res = await t.server.app.inject({
            method: method.toUpperCase() as 'GET',
            url: `${url}${query.size > 0 ? `?${query.toString()}` : ''}`,
            headers: { ...admin, 'content-type': 'application/json' },
            ...(method === 'get' || method === 'delete' ? {} : { payload: malformed ? '{"document": [' : JSON.stringify(value(r)) }),
          });
          requests++;
          if (res.statusCode >= 500) failures.push(`${method.toUpperCase()} ${url} → ${res.statusCode} ${res.body.slice(0, 200)}`);
        }
      }
    }
    expect(requests).toBeGreaterThan(400);
    expect(failures).toEqual([]);
  });
});
