import type { LambdaClient } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, toErrorData } from '@twingraph/model';
import { LambdaExecutor } from './lambda-executor.js';

/** A Lambda client answering Invoke with the given answers in turn (what the retry logic sees). */
function scripted(answers: (() => unknown)[]): { client: LambdaClient; calls: () => number } {
  let calls = 0;
  const client = {
    send: () => {
      const answer = answers[Math.min(calls, answers.length - 1)]!;
      calls++;
      return Promise.resolve().then(answer);
    },
    destroy: () => undefined,
  } as unknown as LambdaClient;
  return { client, calls: () => calls };
}

const ok = () => ({ $metadata: { requestId: 'r' }, Payload: new TextEncoder().encode(JSON.stringify({ status: 'succeeded', source: 'marker', outputsText: '{"x":1}' })) });
const crashed = () => ({ $metadata: {}, FunctionError: 'Unhandled', Payload: new TextEncoder().encode(JSON.stringify({ errorType: 'Runtime.ExitError', errorMessage: 'Runtime exited with error: signal: killed' })) });
const timedOut = () => ({ $metadata: {}, FunctionError: 'Unhandled', Payload: new TextEncoder().encode(JSON.stringify({ errorMessage: '2026-01-01T00:00:00Z abc Task timed out after 3.00 seconds' })) });

const request = (lines: string[] = []) => ({
  runId: 'r',
  executionId: 'e',
  attempt: 1,
  component: { name: 'c', platform: 'lambda' as const, codeHash: 'c', language: 'javascript' as const, code: 'export function process() { return {}; }' },
  inputs: {},
  signal: new AbortController().signal,
  log: (_stream: string, line: string) => lines.push(line),
});

describe('LambdaExecutor retries', () => {
  it('retries a function (runtime) error with backoff, then returns the outputs', async () => {
    const { client, calls } = scripted([crashed, crashed, ok]);
    const lines: string[] = [];
    const outcome = await new LambdaExecutor({ client, retryBaseMs: 1 }).execute(request(lines));
    expect(outcome.outputs).toEqual({ x: 1 });
    expect(calls()).toBe(3);
    expect(lines.filter((l) => /function error \(Unhandled\); retry \d\/4 in \d+ ms/.test(l))).toHaveLength(2);
  });

  it('gives up after maxRetries with the function error, its type and a hint', async () => {
    const { client, calls } = scripted([crashed]);
    const error = await new LambdaExecutor({ client, retryBaseMs: 1, maxRetries: 2 }).execute(request()).then(
      () => {
        throw new Error('expected a failure');
      },
      (e: unknown) => toErrorData(e),
    );
    expect(calls()).toBe(3);
    expect(error).toMatchObject({ code: ERROR_CODES.COMPONENT_FAILED, details: { component: 'c', platform: 'lambda', errorType: 'Runtime.ExitError', timedOut: false } });
    expect(error.hint).toContain('memory_size');
  });

  it('does not retry a function timeout', async () => {
    const { client, calls } = scripted([timedOut, ok]);
    await expect(new LambdaExecutor({ client, retryBaseMs: 1 }).execute(request())).rejects.toMatchObject({ code: ERROR_CODES.COMPONENT_FAILED, nonRetryable: true });
    expect(calls()).toBe(1);
  });

  it('retries TooManyRequestsException, and reports an answer that is not the runtime\'s', async () => {
    const throttled = () => {
      throw Object.assign(new Error('Rate Exceeded.'), { name: 'TooManyRequestsException', $metadata: { httpStatusCode: 429 } });
    };
    const { client, calls } = scripted([throttled, throttled, ok]);
    expect((await new LambdaExecutor({ client, retryBaseMs: 1 }).execute(request())).outputs).toEqual({ x: 1 });
    expect(calls()).toBe(3);
    const notRuntime = scripted([() => ({ $metadata: {}, Payload: new TextEncoder().encode('"hello"') })]);
    await expect(new LambdaExecutor({ client: notRuntime.client }).execute(request())).rejects.toMatchObject({ code: ERROR_CODES.INVALID_OUTPUTS, hint: expect.stringContaining('runtime image') });
  });

  it('checks that a function TwinGraph does not manage has the layers a component names', async () => {
    const fn = { ...request().component, platformOptions: { function_name: 'mine', layers: ['arn:aws:lambda:us-east-1:123456789012:layer:numpy:3'] } };
    const withLayer = scripted([() => ({ Layers: [{ Arn: 'arn:aws:lambda:us-east-1:123456789012:layer:numpy:3' }] }), ok]);
    expect((await new LambdaExecutor({ client: withLayer.client }).execute({ ...request(), component: fn })).outputs).toEqual({ x: 1 });
    const without = scripted([() => ({ Layers: [] }), ok]);
    const error = await new LambdaExecutor({ client: without.client }).execute({ ...request(), component: fn }).then(
      () => {
        throw new Error('expected a failure');
      },
      (e: unknown) => toErrorData(e),
    );
    expect(error).toMatchObject({ code: ERROR_CODES.INVALID_OPTIONS, details: { component: 'c', platform: 'lambda', option: 'platformOptions.layers' } });
    expect(error.hint).toContain('update-function-configuration --function-name mine --layers arn:aws:lambda:us-east-1:123456789012:layer:numpy:3');
    expect(without.calls()).toBe(1);
  });
});
