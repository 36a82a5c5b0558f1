import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { AwsConnectionOptions } from './aws-connection.js';
import { invalidAwsOption } from './aws-errors.js';
import type { S3BlobStore } from './s3-blob-store.js';

export const LAMBDA_ARCHITECTURES = ['x86_64', 'arm64'] as const;
export type LambdaArchitecture = (typeof LAMBDA_ARCHITECTURES)[number];

/** How TwinGraph deploys the component runtime as container-image functions. */
export interface LambdaDeployOptions {
  /** The runtime image (runtime-image/Dockerfile) in a registry Lambda can pull from (ECR). */
  imageUri: string;
  /** Execution role ARN of the functions (needs logs:CreateLogStream/PutLogEvents). */
  roleArn: string;
  /** MB, 128–10240. @defaultValue 1024 */
  memorySize?: number;
  /** Seconds, 1–900. @defaultValue 300 */
  timeoutSeconds?: number;
  /** @defaultValue 'x86_64' */
  architecture?: LambdaArchitecture;
  /** Environment variables of the functions. @defaultValue none */
  environment?: Record<string, string>;
  /** Name of functions of components without `function_name`; memory, timeout and architecture are appended when they differ from the defaults. @defaultValue 'twingraph-runtime' */
  functionNamePrefix?: string;
}

export interface LambdaExecutorOptions extends AwsConnectionOptions {
  /**
   * Create each component's function from the runtime image when missing, and update it when its
   * image or settings change. Without it, components name an existing function (`function_name`,
   * else `defaultFunctionName`) that runs the TwinGraph runtime.
   * @defaultValue undefined (functions are managed outside TwinGraph)
   */
  deploy?: LambdaDeployOptions;
  /** Function of components without `function_name` when not deploying. @defaultValue 'twingraph-runtime' */
  defaultFunctionName?: string;
  /** Where payloads and outputs too large for an invocation go (by presigned URL). @defaultValue none: such payloads fail with a clear error */
  blobStore?: S3BlobStore;
  /** Payloads over this many bytes go through the blob store (Lambda's synchronous limit is 6 MB). @defaultValue 5 MiB */
  inlinePayloadLimit?: number;
  /** Retries of throttled invocations and of function (runtime) errors, with exponential backoff. @defaultValue 4 */
  maxRetries?: number;
  /** First backoff delay, ms; doubles per retry with ±25 % jitter, capped at `retryMaxMs`. @defaultValue 200 */
  retryBaseMs?: number;
  /** @defaultValue 10_000 */
  retryMaxMs?: number;
  /** How often the runtime checks the attempt's cancel marker in S3 (with a blob store), ms. @defaultValue 2000 */
  cancelPollMs?: number;
  /** Variables added to every component's environment. @defaultValue none */
  env?: Record<string, string>;
  /** A client to use instead of one built from the connection options. */
  client?: LambdaClient;
}

/** Options a lambda component may set in `platformOptions` (names as in the original TwinGraph). */
export interface LambdaPlatformOptions {
  function_name?: string;
  /** MB, 128–10240 (deploying only). */
  memory_size?: number;
  /** Seconds, 1–900 (deploying only). */
  timeout?: number;
  /** Layer ARNs the function must have (checked for functions managed outside TwinGraph; container images TwinGraph deploys cannot have layers). */
  layers?: string[];
  architecture?: LambdaArchitecture;
}

const KNOWN = ['function_name', 'memory_size', 'timeout', 'layers', 'architecture'];
const FUNCTION_NAME = /^(arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:)?[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]+)?$/;
const LAYER_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:layer:[A-Za-z0-9_-]+:\d+$/;

/** Validates a lambda component's platformOptions. */
export function readLambdaPlatformOptions(component: string, raw: Record<string, unknown>): LambdaPlatformOptions {
  const unknown = Object.keys(raw).filter((key) => !KNOWN.includes(key));
  if (unknown.length > 0) throw invalidAwsOption('lambda', component, `platformOptions.${unknown[0]!}`, 'is not a lambda option', `Lambda platformOptions are: ${KNOWN.join(', ')}.`);
  const options: LambdaPlatformOptions = {};
  const name = raw['function_name'];
  if (name !== undefined) {
    if (typeof name !== 'string' || !FUNCTION_NAME.test(name)) throw invalidAwsOption('lambda', component, 'platformOptions.function_name', `${JSON.stringify(name)} is not a function name or ARN`, "Use 1–64 letters, digits, '-' or '_' (e.g. 'twingraph-add'), or a function ARN.");
    options.function_name = name;
  }
  const memory = raw['memory_size'];
  if (memory !== undefined) {
    if (typeof memory !== 'number' || !Number.isInteger(memory) || memory < 128 || memory > 10_240) throw invalidAwsOption('lambda', component, 'platformOptions.memory_size', `must be a whole number of MB from 128 to 10240, got ${JSON.stringify(memory)}`, 'e.g. memory_size: 1024');
    options.memory_size = memory;
  }
  const timeout = raw['timeout'];
  if (timeout !== undefined) {
    if (typeof timeout !== 'number' || !Number.isInteger(timeout) || timeout < 1 || timeout > 900) throw invalidAwsOption('lambda', component, 'platformOptions.timeout', `must be whole seconds from 1 to 900 (Lambda's maximum), got ${JSON.stringify(timeout)}`, 'e.g. timeout: 60; longer work belongs on platform batch.');
    options.timeout = timeout;
  }
  const layers = raw['layers'];
  if (layers !== undefined) {
    if (!Array.isArray(layers) || layers.length > 5 || !layers.every((l) => typeof l === 'string' && LAYER_ARN.test(l))) {
      throw invalidAwsOption('lambda', component, 'platformOptions.layers', 'must be at most 5 layer version ARNs', "e.g. layers: ['arn:aws:lambda:us-east-1:123456789012:layer:numpy:3']");
    }
    options.layers = layers as string[];
  }
  const architecture = raw['architecture'];
  if (architecture !== undefined) {
    if (!LAMBDA_ARCHITECTURES.includes(architecture as LambdaArchitecture)) throw invalidAwsOption('lambda', component, 'platformOptions.architecture', `must be one of ${LAMBDA_ARCHITECTURES.join(', ')}`, "e.g. architecture: 'arm64' (the image must be built for it).");
    options.architecture = architecture as LambdaArchitecture;
  }
  return options;
}
