import { GetAccountSettingsCommand, GetFunctionConfigurationCommand, InvokeCommand, LambdaClient, type InvokeCommandOutput } from '@aws-sdk/client-lambda';
import { PendingWork, type ExecutionOutcome, type ExecutionRequest, type Executor } from '@twingraph/core';
import { ERROR_CODES, isTwinGraphError, TwinGraphError } from '@twingraph/model';
import { clientConfig, describeAwsTarget } from './aws-connection.js';
import { awsErrorName, httpStatusOf, invalidAwsOption, translateAwsError } from './aws-errors.js';
import { backoffDelay, sleep } from './backoff.js';
import { buildLaunchPayload } from './launch-payload.js';
import { LambdaFunctionDeployer, type LambdaFunctionConfig } from './lambda-function-deployer.js';
import { readLambdaPlatformOptions, type LambdaExecutorOptions, type LambdaPlatformOptions } from './lambda-options.js';
import { decodeLogResult } from './lambda-log-result.js';
import { isRuntimeResult, parseRemoteOutputs, runtimeFailure } from './remote-result.js';

const DEFAULT_INLINE_LIMIT = 5 * 1024 * 1024;
const THROTTLED = new Set(['TooManyRequestsException', 'ThrottlingException', 'EC2ThrottledException', 'ResourceConflictException', 'ResourceNotReadyException']);

/**
 * Runs each attempt of a component as one synchronous invocation (RequestResponse) of a Lambda
 * function running the TwinGraph runtime image (platform `'lambda'`). The payload carries the work
 * dir files, command and environment (runtime protocol); payloads over the inline limit go to S3 and
 * the function reads them through a presigned URL, and large outputs come back the same way. Log
 * lines come from the invocation's log tail (last 4 KB). Throttling and function (runtime) errors
 * are retried with exponential backoff; a component's own failure is not (the engine owns retries).
 *
 * Cancellation: Lambda has no API to stop a running invocation. On abort the executor rejects at
 * once and, with a blob store, writes the attempt's cancel marker to S3; the runtime polls it (every
 * 2 s) and kills the component. Without a blob store the function runs on until its timeout.
 */
export class LambdaExecutor implements Executor {
  readonly platform = 'lambda' as const;
  readonly client: LambdaClient;
  private readonly deployer: LambdaFunctionDeployer;
  /** Cancel markers still being written (close() waits for them). */
  private readonly inFlight = new PendingWork();
  /** Layer ARNs of functions managed outside TwinGraph, read once per function. */
  private readonly layersOf = new Map<string, Promise<string[]>>();

  constructor(readonly options: LambdaExecutorOptions = {}) {
    // The executor retries throttling itself (with logs); the SDK's own retries would hide them.
    this.client = options.client ?? new LambdaClient({ maxAttempts: 1, ...clientConfig(options) });
    this.deployer = new LambdaFunctionDeployer(this.client);
  }

  get target(): string {
    return describeAwsTarget(this.options);
  }

  async execute(request: ExecutionRequest): Promise<ExecutionOutcome> {
    const started = performance.now();
    const name = request.component.name;
    const platform = readLambdaPlatformOptions(name, request.component.platformOptions ?? {});
    const functionName = this.functionFor(name, platform);
    let cancelKey: string | undefined;
    try {
      if (this.options.deploy !== undefined && !isArn(functionName)) {
        await this.deployer.ensure(this.functionConfig(name, functionName, platform), (line) => request.log('system', line));
      } else if (platform.layers !== undefined && platform.layers.length > 0) {
        await this.checkLayers(name, functionName, platform.layers);
      }
      if (request.signal.aborted) throw request.signal.reason;
      const { event, byReference, outputsKey, cancelKey: key } = await this.event(request);
      cancelKey = key;
      const answer = await this.invokeWithRetries(request, functionName, event);
      const outputs = await this.outputs(request, functionName, answer, outputsKey);
      return {
        outputs: outputs.outputs,
        metadata: {
          functionName,
          executedVersion: answer.ExecutedVersion ?? '$LATEST',
          requestId: answer.$metadata.requestId,
          outputsSource: outputs.source,
          payloadByReference: byReference,
          durationMs: Math.round(performance.now() - started),
        },
      };
    } catch (error) {
      if (request.signal.aborted) {
        if (cancelKey !== undefined) this.cancelRemote(cancelKey, request);
        throw request.signal.reason;
      }
      throw isTwinGraphError(error) ? error : translateAwsError(error, 'lambda', this.target, name);
    }
  }

  /** Writes the attempt's cancel marker: the runtime polling it kills the component (tracked for close()). */
  private cancelRemote(cancelKey: string, request: ExecutionRequest): void {
    const work = this.options.blobStore!.putObject(cancelKey, 'cancelled').then(
      () => request.log('system', `cancel marker written: the Lambda runtime stops the component within ${this.options.cancelPollMs ?? 2000} ms`),
      (error: unknown) => request.log('system', `could not write the cancel marker (the invocation runs until its timeout): ${error instanceof Error ? error.message : String(error)}`),
    );
    this.inFlight.track(work);
  }

  /** Checks the credentials and endpoint by reading the account's Lambda settings. */
  async healthCheck(): Promise<void> {
    try {
      await this.client.send(new GetAccountSettingsCommand({}));
    } catch (error) {
      throw translateAwsError(error, 'lambda', this.target);
    }
  }

  /** Waits until the cancel markers of cancelled attempts are written. */
  async close(): Promise<void> {
    await this.inFlight.settled();
    if (this.options.client === undefined) this.client.destroy();
  }

  /** A function TwinGraph does not manage must already have the layers a component names. */
  private async checkLayers(component: string, functionName: string, layers: string[]): Promise<void> {
    let current = this.layersOf.get(functionName);
    if (current === undefined) {
      current = this.client.send(new GetFunctionConfigurationCommand({ FunctionName: functionName })).then((c) => (c.Layers ?? []).map((l) => l.Arn ?? ''));
      current.catch(() => this.layersOf.delete(functionName));
      this.layersOf.set(functionName, current);
    }
    let have: string[];
    try {
      have = await current;
    } catch (error) {
      if (awsErrorName(error) === 'ResourceNotFoundException') throw functionNotFound(component, functionName, this.target, error);
      throw error;
    }
    const missing = layers.filter((layer) => !have.includes(layer));
    if (missing.length > 0) {
      throw invalidAwsOption('lambda', component, 'platformOptions.layers', `names ${missing.join(', ')}, which function '${functionName}' does not have (it has ${have.length === 0 ? 'no layers' : have.join(', ')})`, `Add them to the function (aws lambda update-function-configuration --function-name ${functionName} --layers ${[...new Set([...have, ...layers])].join(' ')}), or fix the list.`);
    }
  }

  private functionFor(component: string, platform: LambdaPlatformOptions): string {
    if (platform.function_name !== undefined) return platform.function_name;
    const deploy = this.options.deploy;
    if (deploy === undefined) {
      if (platform.memory_size !== undefined || platform.timeout !== undefined || platform.architecture !== undefined) {
        throw invalidAwsOption('lambda', component, 'platformOptions.memory_size/timeout/architecture', 'apply only when TwinGraph deploys the function', 'Configure deployment (TWINGRAPH_LAMBDA_IMAGE_URI and TWINGRAPH_LAMBDA_ROLE_ARN, or LambdaExecutor deploy options), or set them on your function and name it with function_name.');
      }
      return this.options.defaultFunctionName ?? 'twingraph-runtime';
    }
    const memory = platform.memory_size ?? deploy.memorySize ?? 1024;
    const timeout = platform.timeout ?? deploy.timeoutSeconds ?? 300;
    const arch = platform.architecture ?? deploy.architecture ?? 'x86_64';
    const base = deploy.functionNamePrefix ?? 'twingraph-runtime';
    const isDefault = memory === (deploy.memorySize ?? 1024) && timeout === (deploy.timeoutSeconds ?? 300) && arch === (deploy.architecture ?? 'x86_64');
    return isDefault ? base : `${base}-${memory}mb-${timeout}s-${arch}`;
  }

  private functionConfig(component: string, functionName: string, platform: LambdaPlatformOptions): LambdaFunctionConfig {
    const deploy = this.options.deploy!;
    if (platform.layers !== undefined && platform.layers.length > 0) {
      throw invalidAwsOption('lambda', component, 'platformOptions.layers', 'cannot be added to a container-image function, which TwinGraph deploys', 'Add what the layers hold to the runtime image (FROM twingraph-runtime, then COPY/RUN), or deploy a .zip function with the layers yourself and name it with function_name.');
    }
    return {
      functionName,
      imageUri: deploy.imageUri,
      roleArn: deploy.roleArn,
      memorySize: platform.memory_size ?? deploy.memorySize ?? 1024,
      timeoutSeconds: platform.timeout ?? deploy.timeoutSeconds ?? 300,
      architecture: platform.architecture ?? deploy.architecture ?? 'x86_64',
      environment: deploy.environment ?? {},
    };
  }

  /** The invocation event: the launch payload, or a presigned URL to it when it is too large. */
  private async event(request: ExecutionRequest): Promise<{ event: string; byReference: boolean; outputsKey?: string; cancelKey?: string }> {
    const payload = await buildLaunchPayload(request, 'lambda', this.options.env);
    const store = this.options.blobStore;
    let outputsKey: string | undefined;
    let cancelKey: string | undefined;
    if (store !== undefined) {
      const attempt = `${safe(request.runId)}/${safe(request.executionId)}-${request.attempt}`;
      outputsKey = `${store.prefix}outputs/${attempt}.json`;
      payload.outputsUrl = await store.presignPut(outputsKey);
      payload.inlineOutputsLimit = this.options.inlinePayloadLimit ?? DEFAULT_INLINE_LIMIT;
      cancelKey = `${store.prefix}cancel/${attempt}`;
      payload.cancelUrl = await store.presignGet(cancelKey);
      if (this.options.cancelPollMs !== undefined) payload.cancelPollMs = this.options.cancelPollMs;
    }
    const keys = { ...(outputsKey === undefined ? {} : { outputsKey }), ...(cancelKey === undefined ? {} : { cancelKey }) };
    const json = JSON.stringify(payload);
    const limit = this.options.inlinePayloadLimit ?? DEFAULT_INLINE_LIMIT;
    const size = Buffer.byteLength(json);
    if (size <= limit) return { event: json, byReference: false, ...keys };
    if (store === undefined) throw payloadTooLarge(request.component.name, size, limit);
    const ref = await store.put(new TextEncoder().encode(json));
    request.log('system', `payload of ${size} bytes is over the Lambda limit: sent by reference (${ref.$ref})`);
    return { event: JSON.stringify({ payloadUrl: await store.presignGet(store.keyOf(ref)) }), byReference: true, ...keys };
  }

  private async invokeWithRetries(request: ExecutionRequest, functionName: string, event: string): Promise<InvokeCommandOutput> {
    const maxRetries = this.options.maxRetries ?? 4;
    const name = request.component.name;
    for (let retry = 0; ; retry++) {
      let answer: InvokeCommandOutput;
      try {
        answer = await this.client.send(
          new InvokeCommand({ FunctionName: functionName, InvocationType: 'RequestResponse', LogType: 'Tail', Payload: new TextEncoder().encode(event) }),
          { abortSignal: request.signal },
        );
      } catch (error) {
        if (request.signal.aborted) throw request.signal.reason;
        const errorName = awsErrorName(error);
        if (errorName === 'RequestEntityTooLargeException' || httpStatusOf(error) === 413) throw payloadTooLarge(name, Buffer.byteLength(event), this.options.inlinePayloadLimit ?? DEFAULT_INLINE_LIMIT, error);
        if (errorName === 'ResourceNotFoundException') throw functionNotFound(name, functionName, this.target, error);
        if ((THROTTLED.has(errorName) || httpStatusOf(error) === 429) && retry < maxRetries) {
          const delay = backoffDelay(retry, this.options.retryBaseMs ?? 200, this.options.retryMaxMs ?? 10_000);
          request.log('system', `Lambda ${functionName} throttled (${errorName}); retry ${retry + 1}/${maxRetries} in ${delay} ms`);
          await sleep(delay, request.signal);
          continue;
        }
        throw translateAwsError(error, 'lambda', this.target, name);
      }
      for (const [stream, line] of decodeLogResult(answer.LogResult)) request.log(stream, line);
      if (answer.FunctionError === undefined) return answer;
      const failure = functionError(name, functionName, answer);
      const timedOut = /task timed out/i.test(failure.message);
      if (timedOut || retry >= maxRetries) throw failure;
      const delay = backoffDelay(retry, this.options.retryBaseMs ?? 200, this.options.retryMaxMs ?? 10_000);
      request.log('system', `Lambda ${functionName} function error (${answer.FunctionError}); retry ${retry + 1}/${maxRetries} in ${delay} ms`);
      await sleep(delay, request.signal);
    }
  }

  private async outputs(request: ExecutionRequest, functionName: string, answer: InvokeCommandOutput, outputsKey: string | undefined): Promise<{ outputs: Record<string, unknown>; source: string }> {
    const name = request.component.name;
    const text = answer.Payload === undefined ? '' : new TextDecoder().decode(answer.Payload);
    let result: unknown;
    try {
      result = JSON.parse(text);
    } catch {
      result = undefined;
    }
    if (!isRuntimeResult(result)) throw notTheRuntime(name, functionName, text);
    if (result.status !== 'succeeded') throw runtimeFailure(name, result);
    if (result.outputsStored === true) {
      const stored = outputsKey === undefined ? undefined : await this.options.blobStore!.getObject(outputsKey);
      if (stored === undefined) throw notTheRuntime(name, functionName, 'outputs announced as stored in S3, but none found');
      await this.options.blobStore!.deleteObject(outputsKey!);
      return { outputs: parseRemoteOutputs(name, `${result.source} (via S3)`, new TextDecoder().decode(stored)), source: `${result.source}+s3` };
    }
    return { outputs: parseRemoteOutputs(name, result.source, result.outputsText ?? ''), source: result.source };
  }
}

function isArn(name: string): boolean {
  return name.startsWith('arn:');
}

function safe(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]/g, '_');
}

function payloadTooLarge(component: string, size: number, limit: number, cause?: unknown): TwinGraphError {
  return new TwinGraphError(ERROR_CODES.EXECUTOR_NOT_CONFIGURED, `Lambda component '${component}': the invocation payload is ${size} bytes, over the limit of ${limit} bytes (Lambda accepts at most 6 MB synchronously), and no S3 blob store is configured to pass it by reference`, {
    category: 'operational',
    hint: 'Set TWINGRAPH_S3_BUCKET (or LambdaExecutor blobStore) so large payloads go through S3, or pass smaller inputs (e.g. a blob reference or an S3 key).',
    details: { component, platform: 'lambda', payloadBytes: size, limitBytes: limit },
    nonRetryable: true,
    ...(cause === undefined ? {} : { cause }),
  });
}

function functionNotFound(component: string, functionName: string, target: string, cause: unknown): TwinGraphError {
  return new TwinGraphError(ERROR_CODES.NOT_FOUND, `Lambda component '${component}': function '${functionName}' does not exist in ${target}`, {
    hint: 'Check platformOptions.function_name and AWS_REGION, or let TwinGraph deploy the runtime (TWINGRAPH_LAMBDA_IMAGE_URI and TWINGRAPH_LAMBDA_ROLE_ARN).',
    details: { component, platform: 'lambda', functionName, target },
    nonRetryable: true,
    cause,
  });
}

function functionError(component: string, functionName: string, answer: InvokeCommandOutput): TwinGraphError {
  const text = answer.Payload === undefined ? '' : new TextDecoder().decode(answer.Payload);
  let message = text;
  let type = answer.FunctionError ?? 'Unhandled';
  try {
    const parsed = JSON.parse(text) as { errorMessage?: string; errorType?: string };
    message = parsed.errorMessage ?? text;
    type = parsed.errorType ?? type;
  } catch {
    // not JSON: keep the text
  }
  const timedOut = /task timed out/i.test(message);
  return new TwinGraphError(ERROR_CODES.COMPONENT_FAILED, `Lambda component '${component}': function '${functionName}' failed (${type}): ${message}`, {
    category: 'operational',
    hint: timedOut
      ? "Raise the function's timeout (platformOptions.timeout, at most 900 s) or run the component on platform batch."
      : "The function's runtime failed before the component could report: check that it runs the TwinGraph runtime image and has enough memory (platformOptions.memory_size); its CloudWatch log group /aws/lambda/<function> has the details.",
    details: { component, platform: 'lambda', functionName, functionError: answer.FunctionError, errorType: type, timedOut },
    nonRetryable: timedOut,
  });
}

function notTheRuntime(component: string, functionName: string, text: string): TwinGraphError {
  return new TwinGraphError(ERROR_CODES.INVALID_OUTPUTS, `Lambda component '${component}': function '${functionName}' did not answer like the TwinGraph runtime: ${text.slice(0, 300)}`, {
    hint: 'Deploy the function from the TwinGraph runtime image (packages/executor-aws/runtime-image), or let TwinGraph deploy it.',
    details: { component, platform: 'lambda', functionName },
    nonRetryable: true,
  });
}
