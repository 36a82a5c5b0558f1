import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isBlobRef, type BlobRef } from '../ports/blob-store.js';
import { createEngine } from '../engine/engine.js';
import { createComponentDefinition, type ComponentDefinition } from '../engine/component-definition.js';
import { fnComponent } from '../engine/test-helpers.test-support.js';
import { LocalExecutor } from '../executors/local-executor.js';
import { createDefaultRuntimes } from '../runtimes/default-runtimes.js';
import { FileSystemBlobStore } from './file-system-blob-store.js';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

function fsEngine(largeValueBytes?: number) {
  const root = mkdtempSync(join(tmpdir(), 'twingraph-large-'));
  roots.push(root);
  const blobStore = new FileSystemBlobStore({ root });
  const engine = createEngine({
    blobStore,
    executors: [new LocalExecutor({ runtimes: createDefaultRuntimes() })],
    ...(largeValueBytes === undefined ? {} : { largeValueBytes }),
  });
  return { engine, blobStore, root };
}

function codeComponent(name: string, language: 'python' | 'javascript', code: string): ComponentDefinition {
  return createComponentDefinition({ spec: { name, platform: 'local', codeHash: `${name}-${language}`, language, code } });
}

/** Blob files under the store root (temp files excluded). */
function blobFiles(root: string): string[] {
  return (readdirSync(root, { recursive: true }) as string[]).filter((p) => /[0-9a-f]{64}$/.test(p));
}

const SIX_MIB = 6 * 1024 * 1024;

const jsConsumer = codeComponent('js-consumer', 'javascript', `
function process(inputs) {
  const text = inputs.data.text;
  let sum = 0;
  for (let i = 0; i < text.length; i += 1024) sum += text.charCodeAt(i);
  return { length: text.length, sum, tag: inputs.data.tag };
}`);

const pyConsumer = codeComponent('py-consumer', 'python', `
def process(inputs):
    text = inputs["data"]["text"]
    return {"length": len(text), "sum": sum(ord(text[i]) for i in range(0, len(text), 1024)), "tag": inputs["data"]["tag"]}
`);

function expectedSum(text: string): number {
  let sum = 0;
  for (let i = 0; i < text.length; i += 1024) sum += text.charCodeAt(i);
  return sum;
}

describe('large data', () => {
  it('stores a 6 MiB output of a TS component once as a blob, records only the ref, and consumers in JS and Python get the value', async () => {
    const { engine, root } = fsEngine();
    const text = 'abcdefghijklmnopqrstuvwxyz0123456789'.repeat(Math.ceil(SIX_MIB / 36)).slice(0, SIX_MIB);
    const producer = fnComponent('producer', () => ({ data: { text, tag: 'ts' }, small: 42 }));
    const run = await engine.startRun({ name: 'large-ts', version: 'v1' });
    const produced = await run.call(producer, {});
    // The value travels as a ref; small outputs stay inline.
    expect(isBlobRef(produced.outputs['data'])).toBe(true);
    expect(produced.outputs['data']).toEqual({ $ref: expect.stringMatching(/^blob:\/\/sha256\/[0-9a-f]{64}$/) as unknown, size: expect.any(Number) as unknown });
    expect(produced.outputs['small']).toBe(42);

    const [js, py, again] = await Promise.all([
      run.call(jsConsumer, { data: produced.outputs['data'] }, { parents: [produced] }),
      run.call(pyConsumer, { data: produced.outputs['data'] }, { parents: [produced] }),
      run.call(producer, { again: true }),
    ]);
    const inProcess = await run.call(fnComponent('ts-consumer', (i: { whole: { data: { text: string } } }) => ({ length: i.whole.data.text.length })), { whole: produced });
    expect((await run.finish({ ok: true })).status).toBe('succeeded');

    expect(js.outputs).toEqual({ length: SIX_MIB, sum: expectedSum(text), tag: 'ts' });
    expect(py.outputs).toEqual({ length: SIX_MIB, sum: expectedSum(text), tag: 'ts' });
    expect(inProcess.outputs).toEqual({ length: SIX_MIB });
    // Same content twice → one file.
    expect(again.outputs['data']).toEqual(produced.outputs['data']);
    expect(blobFiles(root)).toHaveLength(1);

    // Lineage and the run store keep the ref, and the consumer's recorded inputs too.
    const vertex = await engine.lineageStore!.getComponent(produced.executionId);
    expect(vertex?.outputs).toEqual(produced.outputs);
    expect(JSON.stringify(vertex).length).toBeLessThan(2000);
    const node = await engine.runStore.getNode(produced.executionId);
    expect(node?.outputs).toEqual(produced.outputs);
    const consumerVertex = await engine.lineageStore!.getComponent(js.executionId);
    expect(consumerVertex?.inputs).toEqual({ data: produced.outputs['data'] });
    await engine.close();
  });

  it('stores a 6 MiB output of a Python code component and a JS consumer reads it', async () => {
    const { engine, root } = fsEngine();
    const producer = codeComponent('py-producer', 'python', `
def process(inputs):
    return {"data": {"text": "xyz" * (${SIX_MIB} // 3), "tag": "py"}}
`);
    const run = await engine.startRun({ name: 'large-py', version: 'v1' });
    const produced = await run.call(producer, {});
    expect(isBlobRef(produced.outputs['data'])).toBe(true);
    const [js, py] = await Promise.all([
      run.call(jsConsumer, { data: produced.outputs['data'] }, { parents: [produced] }),
      run.call(pyConsumer, { data: produced.outputs['data'] }, { parents: [produced] }),
    ]);
    await run.finish({ ok: true });
    const text = 'xyz'.repeat(SIX_MIB / 3);
    expect(js.outputs).toEqual({ length: SIX_MIB, sum: expectedSum(text), tag: 'py' });
    expect(py.outputs).toEqual({ length: SIX_MIB, sum: expectedSum(text), tag: 'py' });
    expect(blobFiles(root)).toHaveLength(1);
    await engine.close();
  });

  it('honours a lower limit with small data, refs nested in inputs included', async () => {
    const { engine, blobStore } = fsEngine(100);
    const producer = fnComponent('small-producer', (i: { n: number }) => ({ rows: Array.from({ length: i.n }, (_, k) => ({ k })), label: 'short' }));
    const sum = fnComponent('sum', (i: { batches: Array<{ rows: Array<{ k: number }> }> }) => ({ total: i.batches.flatMap((b) => b.rows).reduce((a, r) => a + r.k, 0) }));
    const run = await engine.startRun({ name: 'small-limit', version: 'v1' });
    const a = await run.call(producer, { n: 20 });
    const b = await run.call(producer, { n: 3 });
    expect(isBlobRef(a.outputs['rows'])).toBe(true);
    expect(a.outputs['label']).toBe('short');
    // 3 rows are 29 bytes of JSON: under the limit, inline.
    expect(b.outputs['rows']).toEqual([{ k: 0 }, { k: 1 }, { k: 2 }]);
    expect(await blobStore.has(a.outputs['rows'] as BlobRef)).toBe(true);
    const total = await run.call(sum, { batches: [{ rows: a.outputs['rows'] }, { rows: b.outputs['rows'] }] });
    await run.finish({ ok: true });
    expect(total.outputs['total']).toBe(190 + 3);
    await engine.close();
  });

  it('fails the consumer with ERR_NOT_FOUND when a ref names a blob the store does not have', async () => {
    const { engine } = fsEngine();
    const consumer = fnComponent('consumer', (i: { data: unknown }) => ({ seen: i.data }));
    const run = await engine.startRun({ name: 'missing-blob', version: 'v1', errorHandler: 'continue' });
    const missing = { $ref: `blob://sha256/${'0'.repeat(64)}`, size: 10 };
    await expect(run.call(consumer, { data: missing })).rejects.toMatchObject({ code: 'ERR_NOT_FOUND' });
    await run.finish({ ok: true });
    await engine.close();
  });

  it('stays off with largeValueBytes: Infinity', async () => {
    const engine = createEngine({ largeValueBytes: Number.POSITIVE_INFINITY });
    const run = await engine.startRun({ name: 'off', version: 'v1' });
    const big = 'q'.repeat(SIX_MIB);
    const result = await run.call(fnComponent('big', () => ({ big })), {});
    await run.finish({ ok: true });
    expect(result.outputs['big']).toBe(big);
    await engine.close();
  });
});
