import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The built CLI as users run it: `twingraph worker` against a Redis that is not there.
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const CLI = join(ROOT, 'packages/twingraph/dist/cli/main.js');
const FIXTURE = join(ROOT, 'packages/twingraph/src/worker/fixtures/durable-components.fixture.ts');

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('twingraph worker: bad start', () => {
  it.skipIf(!existsSync(CLI))('exits 3 with ERR_QUEUE_UNAVAILABLE when Redis is unreachable, instead of hanging', async () => {
    const url = `redis://127.0.0.1:${await closedPort()}`;
    const child = spawn(process.execPath, [CLI, 'worker', '--redis', url, '--import', FIXTURE], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const started = Date.now();
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    expect(code).toBe(3);
    expect(err).toContain(`error ERR_QUEUE_UNAVAILABLE: Cannot reach Redis at ${url}`);
    expect(err).toContain('hint:');
    // One line for the repeated connection error, not one per reconnect.
    expect(err.split('\n').filter((l) => l.includes('ECONNREFUSED') && l.startsWith('worker '))).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(25_000);
  }, 30_000);
});
