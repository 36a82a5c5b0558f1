import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { createEngine } from '@twingraph/core';
import { ERROR_CODES } from '@twingraph/model';
import { component, pipeline } from '../index.js';
import { gitProvenance } from './git-provenance.js';

const add = component({ name: 'sdk-add' }, ({ a, b }: { a: number; b: number }) => ({ sum: a + b }));
const describeSum = component({ name: 'sdk-describe', additionalAttributes: { Department: 'Research', Version: 3 }, labels: { team: 'lineage' } },
  ({ sum }: { sum: number }) => ({ text: `sum is ${sum}` }));

describe('component()', () => {
  it('runs inside a pipeline and infers parents from a passed outputs object', async () => {
    const engine = createEngine();
    const flow = pipeline({ name: 'sdk-infer' }, async () => {
      const first = await add({ a: 1, b: 2 });
      const text = await describeSum(first.outputs);
      expectTypeOf(text.outputs).toEqualTypeOf<{ text: string }>();
      return { first: first.executionId, text: text.executionId, value: text.outputs.text };
    });
    const run = await flow(undefined, { engine });
    expect(run.status).toBe('succeeded');
    expect(run.result?.value).toBe('sum is 3');
    const up = await engine.lineageStore!.getUpstream(run.result!.text, { depth: 1 });
    expect(up.edges.map((e) => [e.from, e.to])).toEqual([[run.result!.text, run.result!.first]]);
    const vertex = await engine.lineageStore!.getComponent(run.result!.text);
    expect(vertex?.attributes).toEqual({ Department: 'Research', Version: 3, labels: { team: 'lineage' } });
  });

  it('checks input types at compile time', () => {
    const typecheckOnly = (): void => {
      // @ts-expect-error b must be a number
      void add({ a: 1, b: 'two' });
      // @ts-expect-error b is missing
      void add({ a: 1 });
      void add({ a: 1, b: Promise.resolve(2) });
    };
    expect(typecheckOnly).toBeTypeOf('function');
  });

  it('fails outside a pipeline with ERR_NO_ACTIVE_RUN and keeps the plain function for unit tests', async () => {
    await expect(add({ a: 1, b: 2 })).rejects.toMatchObject({ code: ERROR_CODES.NO_ACTIVE_RUN });
    expect(add.fn({ a: 1, b: 2 }, undefined as never)).toEqual({ sum: 3 });
  });

  it('rejects wrong option types, listing every problem', () => {
    expect(() => component({ name: 'bad', retry: { maxAttempts: 'three' as never }, timeoutMs: -5 }, () => ({}))).toThrow(
      expect.objectContaining({ code: ERROR_CODES.INVALID_OPTIONS, message: expect.stringMatching(/retry\.maxAttempts.*timeoutMs/s) }),
    );
    expect(() => component({ name: 'bad', unknownOption: true } as never, () => ({}))).toThrow(expect.objectContaining({ code: ERROR_CODES.INVALID_OPTIONS }));
    expect(() => component({}, () => ({}))).toThrow(/needs a name/);
  });

  it('rejects an unknown platform with ERR_UNKNOWN_PLATFORM naming the valid ones', () => {
    expect(() => component({ name: 'mainframe', platform: 'mainframe' as never }, () => ({}))).toThrow(
      expect.objectContaining({ code: ERROR_CODES.UNKNOWN_PLATFORM, hint: expect.stringContaining('kubernetes') }),
    );
  });

  it('fails fast on a platform with no executor, and the run reports it', async () => {
    const inDocker = component({ name: 'in-docker', platform: 'docker', image: 'python:3.12' }, () => ({}));
    const flow = pipeline({ name: 'sdk-docker' }, async () => inDocker({}));
    const run = await flow(undefined, { engine: createEngine() });
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ code: ERROR_CODES.EXECUTOR_NOT_CONFIGURED });
    expect(run.error?.hint).toContain('docker');
  });
});

describe('pipeline()', () => {
  it('returns a failed summary instead of throwing, with the component error', async () => {
    const boom = component({ name: 'boom' }, (): { never: true } => {
      throw new TypeError('bad input shape');
    });
    const flow = pipeline({ name: 'sdk-fail' }, async () => boom({}));
    const run = await flow(undefined, { engine: createEngine() });
    expect(run.status).toBe('failed');
    expect(run.error?.message).toContain('TypeError: bad input shape');
    expect(run.counts.failed).toBe(1);
  });

  it('is cancelled through an AbortSignal', async () => {
    const slow = component({ name: 'slow' }, (_: Record<string, never>, ctx) => new Promise<{ done: boolean }>((resolve) => {
      const timer = setTimeout(() => resolve({ done: true }), 5000);
      ctx.signal.addEventListener('abort', () => clearTimeout(timer));
    }));
    const flow = pipeline({ name: 'sdk-cancel' }, async () => Promise.all([slow({}), slow({})]));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const started = Date.now();
    const run = await flow(undefined, { engine: createEngine(), signal: controller.signal });
    expect(run.status).toBe('cancelled');
    expect(run.counts.cancelled).toBe(2);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('rejects invalid pipeline options', () => {
    expect(() => pipeline({ name: 'x', maxParallel: 0 }, async () => undefined)).toThrow(expect.objectContaining({ code: ERROR_CODES.INVALID_OPTIONS }));
    expect(() => pipeline({ name: 'x', errorHandler: 'ignore' as never }, async () => undefined)).toThrow(/errorHandler/);
  });
});

describe('git provenance', () => {
  it('records the commit and each line of the component call with its author and date', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'twingraph-git-'));
    try {
      const git = (...args: string[]): string => execFileSync('git', args, {
        cwd: repo, encoding: 'utf8',
        env: { ...process.env, GIT_AUTHOR_NAME: 'Ada Lovelace', GIT_AUTHOR_EMAIL: 'ada@example.org', GIT_COMMITTER_NAME: 'Ada Lovelace', GIT_COMMITTER_EMAIL: 'ada@example.org', GIT_AUTHOR_DATE: '2024-05-06T07:08:09Z', GIT_COMMITTER_DATE: '2024-05-06T07:08:09Z' },
      });
      git('init', '-q');
      const file = join(repo, 'components.ts');
      writeFileSync(file, "const other = 1;\nexport const add = component({ name: 'add', git: true }, ({ a, b }: { a: number; b: number }) => {\n  const s = `${a})`; // a paren in a string\n  return { sum: a + b };\n});\nconst after = 2;\n");
      git('add', '.');
      git('commit', '-q', '-m', 'add component');
      const provenance = await gitProvenance({ file, line: 2 });
      expect(provenance.error).toBeUndefined();
      expect(provenance.commit).toBe(git('rev-parse', 'HEAD').trim());
      expect(provenance.file).toBe('components.ts');
      expect([provenance.startLine, provenance.endLine]).toEqual([2, 5]);
      expect(provenance.lines.map((l) => l.line)).toEqual([2, 3, 4, 5]);
      expect(provenance.lines[0]).toMatchObject({ author: 'Ada Lovelace', authorMail: 'ada@example.org', date: '2024-05-06T07:08:09.000Z' });
      expect(provenance.lines[3]?.text).toBe('});');
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });

  it('records why git was not usable instead of failing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'twingraph-nogit-'));
    try {
      writeFileSync(join(dir, 'x.ts'), 'component({ name: "x" }, () => ({}));\n');
      const provenance = await gitProvenance({ file: join(dir, 'x.ts'), line: 1 });
      expect(provenance.error).toBeTruthy();
      expect(provenance.lines).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
