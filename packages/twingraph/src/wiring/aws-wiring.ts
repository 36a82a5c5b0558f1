import type { Executor, SecretResolver } from '@twingraph/core';
import { ERROR_CODES, TwinGraphError } from '@twingraph/model';
import {
  awsConnectionFromEnv,
  BATCH_COMPUTE,
  BatchExecutor,
  LAMBDA_ARCHITECTURES,
  LambdaExecutor,
  S3BlobStore,
  SecretsManagerSecretResolver,
  type BatchCompute,
  type LambdaArchitecture,
  type LambdaDeployOptions,
} from '@twingraph/executor-aws';

type Env = Record<string, string | undefined>;

/**
 * The AWS adapters the default wiring registers, from the environment (nothing is contacted here;
 * credentials come from the AWS SDK default chain when the first call is made):
 * - `TWINGRAPH_AWS=on`: Lambda and Batch executors always; `off`: never; `auto` (default): when AWS
 *   looks configured (AWS_REGION / AWS_DEFAULT_REGION / AWS_PROFILE / TWINGRAPH_AWS_ENDPOINT /
 *   AWS_ENDPOINT_URL, or any TWINGRAPH_LAMBDA_* / TWINGRAPH_BATCH_* setting).
 * - Region and endpoint: AWS_REGION, TWINGRAPH_AWS_ENDPOINT (else AWS_ENDPOINT_URL); the Lambda API
 *   alone may have its own endpoint, TWINGRAPH_LAMBDA_ENDPOINT (the local Invoke stand-in).
 * - S3 (payloads and large values): TWINGRAPH_S3_BUCKET, TWINGRAPH_S3_PREFIX (default `twingraph/`),
 *   TWINGRAPH_S3_CREATE_BUCKET=1.
 * - Lambda: TWINGRAPH_LAMBDA_IMAGE_URI + TWINGRAPH_LAMBDA_ROLE_ARN deploy the runtime (memory
 *   TWINGRAPH_LAMBDA_MEMORY, timeout TWINGRAPH_LAMBDA_TIMEOUT, TWINGRAPH_LAMBDA_ARCHITECTURE,
 *   TWINGRAPH_LAMBDA_FUNCTION as the name); without them TWINGRAPH_LAMBDA_FUNCTION names an existing function.
 * - Batch: TWINGRAPH_BATCH_JOB_QUEUE, TWINGRAPH_BATCH_RUNTIME_IMAGE, TWINGRAPH_BATCH_COMPUTE (ec2|fargate),
 *   TWINGRAPH_BATCH_JOB_ROLE_ARN, TWINGRAPH_BATCH_EXECUTION_ROLE_ARN, TWINGRAPH_BATCH_LOG_GROUP.
 */
export function awsExecutorsFromEnv(env: Env = process.env): Executor[] {
  if (!awsEnabled(env)) return [];
  const connection = awsConnectionFromEnv(env);
  const blobStore = awsBlobStoreFromEnv(env);
  const lambdaEndpoint = text(env, 'TWINGRAPH_LAMBDA_ENDPOINT') ?? connection.endpoint;
  const imageUri = text(env, 'TWINGRAPH_LAMBDA_IMAGE_URI');
  const roleArn = text(env, 'TWINGRAPH_LAMBDA_ROLE_ARN');
  if ((imageUri === undefined) !== (roleArn === undefined)) {
    throw invalid(imageUri === undefined ? 'TWINGRAPH_LAMBDA_ROLE_ARN is set without TWINGRAPH_LAMBDA_IMAGE_URI' : 'TWINGRAPH_LAMBDA_IMAGE_URI is set without TWINGRAPH_LAMBDA_ROLE_ARN', 'Deploying the Lambda runtime needs both: the runtime image in ECR and the functions\' execution role ARN.');
  }
  const functionName = text(env, 'TWINGRAPH_LAMBDA_FUNCTION');
  const memory = integer(env, 'TWINGRAPH_LAMBDA_MEMORY', 128, 10_240);
  const timeout = integer(env, 'TWINGRAPH_LAMBDA_TIMEOUT', 1, 900);
  const architecture = oneOf<LambdaArchitecture>(env, 'TWINGRAPH_LAMBDA_ARCHITECTURE', LAMBDA_ARCHITECTURES);
  const deploy: LambdaDeployOptions | undefined = imageUri === undefined || roleArn === undefined ? undefined : {
    imageUri,
    roleArn,
    ...(memory === undefined ? {} : { memorySize: memory }),
    ...(timeout === undefined ? {} : { timeoutSeconds: timeout }),
    ...(architecture === undefined ? {} : { architecture }),
    ...(functionName === undefined ? {} : { functionNamePrefix: functionName }),
  };
  const lambda = new LambdaExecutor({
    ...connection,
    ...(lambdaEndpoint === undefined ? {} : { endpoint: lambdaEndpoint }),
    ...(deploy === undefined ? {} : { deploy }),
    ...(functionName === undefined ? {} : { defaultFunctionName: functionName }),
    ...(blobStore === undefined ? {} : { blobStore }),
  });
  const compute = oneOf<BatchCompute>(env, 'TWINGRAPH_BATCH_COMPUTE', BATCH_COMPUTE);
  const optional = (key: string, name: string): Record<string, string> => {
    const value = text(env, name);
    return value === undefined ? {} : { [key]: value };
  };
  const batch = new BatchExecutor({
    ...connection,
    ...optional('jobQueue', 'TWINGRAPH_BATCH_JOB_QUEUE'),
    ...optional('runtimeImage', 'TWINGRAPH_BATCH_RUNTIME_IMAGE'),
    ...optional('jobRoleArn', 'TWINGRAPH_BATCH_JOB_ROLE_ARN'),
    ...optional('executionRoleArn', 'TWINGRAPH_BATCH_EXECUTION_ROLE_ARN'),
    ...optional('logGroupName', 'TWINGRAPH_BATCH_LOG_GROUP'),
    ...(compute === undefined ? {} : { compute }),
    ...(blobStore === undefined ? {} : { blobStore }),
  });
  return [lambda, batch];
}

/** The S3 blob store named by TWINGRAPH_S3_BUCKET, or undefined. */
export function awsBlobStoreFromEnv(env: Env = process.env): S3BlobStore | undefined {
  const bucket = text(env, 'TWINGRAPH_S3_BUCKET');
  if (bucket === undefined) return undefined;
  return new S3BlobStore({ ...awsConnectionFromEnv(env), bucket, prefix: env['TWINGRAPH_S3_PREFIX'] ?? 'twingraph/', createBucket: flag(env, 'TWINGRAPH_S3_CREATE_BUCKET') });
}

/** AWS Secrets Manager as the last secret source, with TWINGRAPH_AWS_SECRETS=1 (names prefixed by TWINGRAPH_AWS_SECRETS_PREFIX). */
export function awsSecretResolversFromEnv(env: Env = process.env): SecretResolver[] {
  if (!flag(env, 'TWINGRAPH_AWS_SECRETS')) return [];
  const prefix = text(env, 'TWINGRAPH_AWS_SECRETS_PREFIX');
  return [new SecretsManagerSecretResolver({ ...awsConnectionFromEnv(env), ...(prefix === undefined ? {} : { prefix }) })];
}

function awsEnabled(env: Env): boolean {
  const mode = (env['TWINGRAPH_AWS'] ?? 'auto').trim().toLowerCase();
  if (!['on', 'off', 'auto', ''].includes(mode)) {
    throw invalid(`TWINGRAPH_AWS must be on, off or auto, got '${env['TWINGRAPH_AWS']}'`, 'Unset it (auto: register Lambda and Batch when AWS_REGION, AWS_PROFILE or an AWS endpoint is set), or set on / off.');
  }
  if (mode === 'off') return false;
  if (mode === 'on') return true;
  const names = ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PROFILE', 'TWINGRAPH_AWS_ENDPOINT', 'AWS_ENDPOINT_URL'];
  return names.some((name) => text(env, name) !== undefined) || Object.keys(env).some((name) => /^TWINGRAPH_(LAMBDA|BATCH)_/.test(name) && text(env, name) !== undefined);
}

function text(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function integer(env: Env, name: string, min: number, max: number): number | undefined {
  const value = text(env, name);
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw invalid(`${name} must be a whole number from ${min} to ${max}, got '${value}'`, `e.g. ${name}=${min === 1 ? 300 : 1024}`);
  return n;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[]): T | undefined {
  const value = text(env, name)?.toLowerCase();
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) throw invalid(`${name} must be one of ${allowed.join(', ')}, got '${value}'`, `e.g. ${name}=${allowed[0]!}`);
  return value as T;
}

function flag(env: Env, name: string): boolean {
  const value = text(env, name)?.toLowerCase();
  if (value === undefined || value === '0' || value === 'false' || value === 'off') return false;
  if (value === '1' || value === 'true' || value === 'on') return true;
  throw invalid(`${name} must be 1/true/on or 0/false/off, got '${value}'`, `e.g. ${name}=1`);
}

function invalid(message: string, hint: string): TwinGraphError {
  return new TwinGraphError(ERROR_CODES.INVALID_OPTIONS, message, { hint, nonRetryable: true });
}
