import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { BullMqJobQueue } from '@twingraph/queue-bullmq';
import { describeWithService } from '@twingraph/testing';

// `twingraph run` killed with SIGKILL mid-run, then `twingraph resume <runId>` from another process
// (the built CLI): same result and graph as an uninterrupted run, finished components not run again,
// nothing recorded twice. Locally (components run in the driver) and with worker processes on Redis.
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const CLI = join(ROOT, 'packages/twingraph/dist/cli/main.js');
const PIPELINE = join(ROOT, 'packages/twingraph/src/worker/fixtures/resume-pipeline.fixture.ts');
const REDIS = process.env.TWINGRAPH_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

interface Execution { executionId: string; name: string; status: string; hash: string; parents: string[]; outputs?: unknown }
interface JsonReport { runId: string; status: string; result: unknown; counts: Record<string, number>; executions: Execution[] }

const dir = mkdtempSync(join(tmpdir(), 'tg-resume-'));
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[], env: Record<string, string>): { child: ChildProcess; done: Promise<{ code: number | null; out: string; err: string }> } {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return { child, done: new Promise((r) => child.once('exit', (code) => r({ code, out, err }))) };
}

function marks(file: string): string[] {
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').map((l) => l.replace(/ pid=\d+$/, '')) : [];
}

/** The run graph as comparable lines: vertices by name, hash, status and outputs; edges by hash. */
function shape(executions: readonly Execution[]): string[] {
  const hashOf = new Map(executions.map((e) => [e.executionId, e.hash]));
  return [
    ...executions.map((e) => `V ${e.name} ${e.hash} ${e.status} ${JSON.stringify(e.outputs)}`),
    ...executions.flatMap((e) => e.parents.map((p) => `E ${e.hash} -> ${hashOf.get(p)}`)),
  ].sort();
}

async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function killAndResume(label: string, extra: string[], env: Record<string, string>): Promise<void> {
  const store = join(dir, `${label}.db`);
  const reference = cli(['run', PIPELINE, '--json', '--store', join(dir, `${label}-ref.db`), ...extra], { ...env, TWINGRAPH_TEST_MARKS: join(dir, `${label}-ref.marks`) });
  const ref = await reference.done;
  expect(ref.code, ref.err).toBe(0);
  const expected = JSON.parse(ref.out) as JsonReport;

  const marksFile = join(dir, `${label}.marks`);
  const driver = cli(['run', PIPELINE, '--store', store, ...extra], { ...env, TWINGRAPH_TEST_MARKS: marksFile });
  // Both prepares and the two quick branches done, the two slow ones running: kill the driver.
  await waitFor(() => {
    const m = marks(marksFile);
    return m.includes('slow-end 5') && m.includes('slow-start 7');
  }, 30_000, 'the quick branches to finish');
  await new Promise((r) => setTimeout(r, 500)); // their records reach the store (written in the next tick)
  driver.child.kill('SIGKILL');
  await driver.done;
  expect(marks(marksFile)).not.toContain('join');

  const list = await cli(['runs', 'list', '--json', '--store', store], env).done;
  const [interrupted] = JSON.parse(list.out) as Array<{ runId: string; status: string }>;
  expect(interrupted?.status).toBe('running');

  const resumed = await cli(['resume', interrupted!.runId, '--json', '--store', store, ...extra], { ...env, TWINGRAPH_TEST_MARKS: marksFile }).done;
  expect(resumed.code, resumed.err).toBe(0);
  const report = JSON.parse(resumed.out) as JsonReport;
  expect(report.runId).toBe(interrupted!.runId);
  expect(report.status).toBe('succeeded');
  expect(report.result).toEqual(expected.result);
  expect(report.counts).toEqual(expected.counts);
  expect(shape(report.executions)).toEqual(shape(expected.executions));
  expect(new Set(report.executions.map((e) => e.executionId)).size).toBe(report.executions.length);

  const all = marks(marksFile);
  // Finished before the kill: never run again. Lost with the driver: run again once.
  for (const line of ['prepare 1', 'prepare 2', 'slow-end 4', 'slow-end 5', 'join']) expect(all.filter((l) => l === line), line).toHaveLength(1);
  expect(all.filter((l) => l === 'slow-start 4')).toHaveLength(1);
  expect(all.filter((l) => l === 'slow-start 7').length).toBeGreaterThanOrEqual(2);

  const again = await cli(['resume', interrupted!.runId, '--store', store], env).done;
  expect(again.code).toBe(2);
  expect(again.err).toContain('already succeeded');
}

describe('twingraph resume after the driver is killed (local executor)', () => {
  it.skipIf(!existsSync(CLI))('continues the run: same result and graph, finished components reused, nothing recorded twice', async () => {
    await killAndResume('local', [], {});
  }, 90_000);

  it.skipIf(!existsSync(CLI))('resumes a workflow document run from the path it recorded', async () => {
    const doc = join(ROOT, 'packages/twingraph/src/worker/fixtures/resume-document.fixture.yaml');
    const store = join(dir, 'doc.db');
    const marksFile = join(dir, 'doc.marks');
    const driver = cli(['run', doc, '--store', store, '--input', `marks=${marksFile}`], {});
    await waitFor(() => marks(marksFile).includes('slow-start'), 30_000, 'the slow node to start');
    await new Promise((r) => setTimeout(r, 500));
    driver.child.kill('SIGKILL');
    await driver.done;
    const [interrupted] = JSON.parse((await cli(['runs', 'list', '--json', '--store', store], {}).done).out) as Array<{ runId: string; status: string }>;
    expect(interrupted?.status).toBe('running');

    const resumed = await cli(['resume', interrupted!.runId, '--json', '--store', store], {}).done;
    expect(resumed.code, resumed.err).toBe(0);
    const report = JSON.parse(resumed.out) as JsonReport;
    expect(report.status).toBe('succeeded');
    expect(report.result).toEqual({ last: { v: 20 } });
    expect(report.executions.map((e) => `${e.name} ${e.status}`).sort()).toEqual(['first succeeded', 'last succeeded', 'slow succeeded']);
    // 'first' finished before the kill: not run again; 'slow' was lost: run again.
    expect(marks(marksFile)).toEqual(['first', 'slow-start', 'slow-start', 'last']);
  }, 60_000);

  it.skipIf(!existsSync(CLI))('names the run that does not exist', async () => {
    const missing = await cli(['resume', '0190f0f0-0000-7000-8000-000000000000', '--store', join(dir, 'empty.db')], {}).done;
    expect(missing.code).toBe(4);
    expect(missing.err).toContain('ERR_NOT_FOUND');
  });
});

async function redisUp(): Promise<boolean> {
  if (!existsSync(CLI)) return false;
  const probe = new BullMqJobQueue({ connection: REDIS, prefix: 'tg-probe' });
  try {
    return await Promise.race([probe.workers('probe').then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 1000))]);
  } catch {
    return false;
  } finally {
    await probe.close().catch(() => undefined);
  }
}

await describeWithService('redis', redisUp, 'twingraph resume after the driver is killed (queue workers)', () => {
  it('continues the run on the workers: same result and graph, nothing recorded twice', async () => {
    const queue = `resume-${randomUUID()}`;
    const worker = cli(['worker', '--redis', REDIS, '--queue', queue, '--import', PIPELINE, '--concurrency', '8', '--heartbeat', '200'], {
      TWINGRAPH_TEST_MARKS: join(dir, 'workers.marks'),
    });
    let ready = '';
    worker.child.stdout!.on('data', (chunk: Buffer) => (ready += chunk.toString()));
    await waitFor(() => ready.includes('ready:'), 20_000, 'the worker');
    try {
      // Components run on the worker: marks land in the worker's file, whichever driver sent them.
      await killAndResumeOnWorkers(queue);
    } finally {
      worker.child.kill('SIGTERM');
      await worker.done;
      const cleaner = new BullMqJobQueue({ connection: REDIS });
      await cleaner.obliterate(queue);
      await cleaner.close();
    }
  }, 120_000);
});

async function killAndResumeOnWorkers(queue: string): Promise<void> {
  const extra = ['--redis', REDIS, '--queue', queue];
  const store = join(dir, 'redis.db');
  const workerMarks = join(dir, 'workers.marks');
  const ref = await cli(['run', PIPELINE, '--json', '--store', join(dir, 'redis-ref.db'), ...extra], {}).done;
  expect(ref.code, ref.err).toBe(0);
  const expected = JSON.parse(ref.out) as JsonReport;
  const before = marks(workerMarks).length;
  const count = (line: string): number => marks(workerMarks).slice(before).filter((l) => l === line).length;

  const driver = cli(['run', PIPELINE, '--store', store, ...extra], {});
  await waitFor(() => count('slow-end 5') === 1 && count('slow-start 7') === 1, 30_000, 'the quick branches to finish');
  await new Promise((r) => setTimeout(r, 500));
  driver.child.kill('SIGKILL');
  await driver.done;

  const list = await cli(['runs', 'list', '--json', '--store', store], {}).done;
  const [interrupted] = JSON.parse(list.out) as Array<{ runId: string; status: string }>;
  expect(interrupted?.status).toBe('running');
  const resumed = await cli(['resume', interrupted!.runId, '--json', '--store', store, ...extra], {}).done;
  expect(resumed.code, resumed.err).toBe(0);
  const report = JSON.parse(resumed.out) as JsonReport;
  expect(report.status).toBe('succeeded');
  expect(report.result).toEqual(expected.result);
  expect(shape(report.executions)).toEqual(shape(expected.executions));
  expect(new Set(report.executions.map((e) => e.executionId)).size).toBe(report.executions.length);
  for (const line of ['prepare 1', 'prepare 2', 'slow-start 4', 'slow-start 5', 'join']) expect(count(line), line).toBe(1);
}
