import type { S3ClientConfig } from '@aws-sdk/client-s3';

/** Static keys or a provider, as every AWS SDK v3 client takes them. */
export type AwsCredentials = NonNullable<S3ClientConfig['credentials']>;

/**
 * Where and as whom TwinGraph talks to AWS. Credentials come from the AWS SDK default chain
 * (env, shared config/SSO profiles, web identity, container and instance roles) unless given here.
 */
export interface AwsConnectionOptions {
  /** AWS region, e.g. `'eu-west-1'`. @defaultValue the SDK default chain (AWS_REGION, profile) */
  region?: string;
  /**
   * Endpoint of an AWS-compatible service (moto, LocalStack, MinIO for S3), e.g. `'http://127.0.0.1:5000'`.
   * @defaultValue the real AWS endpoint of each service
   */
  endpoint?: string;
  /** @defaultValue the SDK default credential chain */
  credentials?: AwsCredentials;
  /** Attempts the SDK makes for throttled or transient failures of one API call. @defaultValue 3 */
  maxAttempts?: number;
}

/** The options every AWS SDK client of TwinGraph is built with. */
export function clientConfig(connection: AwsConnectionOptions): {
  region?: string;
  endpoint?: string;
  credentials?: AwsCredentials;
  maxAttempts?: number;
} {
  return {
    ...(connection.region === undefined ? {} : { region: connection.region }),
    ...(connection.endpoint === undefined ? {} : { endpoint: connection.endpoint }),
    ...(connection.credentials === undefined ? {} : { credentials: connection.credentials }),
    ...(connection.maxAttempts === undefined ? {} : { maxAttempts: connection.maxAttempts }),
  };
}

/**
 * Connection settings from the environment, for composition roots: TWINGRAPH_AWS_ENDPOINT (else
 * AWS_ENDPOINT_URL), TWINGRAPH_AWS_REGION (else AWS_REGION / AWS_DEFAULT_REGION). Credentials stay
 * with the SDK default chain.
 */
export function awsConnectionFromEnv(env: Record<string, string | undefined> = process.env): AwsConnectionOptions {
  const endpoint = env['TWINGRAPH_AWS_ENDPOINT'] ?? env['AWS_ENDPOINT_URL'];
  const region = env['TWINGRAPH_AWS_REGION'] ?? env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'];
  return {
    ...(endpoint === undefined || endpoint === '' ? {} : { endpoint }),
    ...(region === undefined || region === '' ? {} : { region }),
  };
}

/** For messages: `eu-west-1 at http://127.0.0.1:5000`, `us-east-1`, `the default region`. */
export function describeAwsTarget(connection: AwsConnectionOptions): string {
  const region = connection.region ?? process.env['AWS_REGION'] ?? process.env['AWS_DEFAULT_REGION'] ?? 'the default region';
  return connection.endpoint === undefined ? region : `${region} at ${connection.endpoint}`;
}
