import { ERROR_CODES, isTwinGraphError, TwinGraphError } from '@twingraph/model';

// Errors the AWS adapters raise on purpose. Each names the component (when there is one), the
// platform and what to do.

export type AwsPlatform = 'lambda' | 'batch' | 's3' | 'secretsmanager';

const LABEL: Record<AwsPlatform, string> = { lambda: 'Lambda', batch: 'Batch', s3: 'S3', secretsmanager: 'Secrets Manager' };

interface SdkErrorShape {
  name?: string;
  message?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
}

/** The SDK error name (`ResourceNotFoundException`) or Node error code (`ECONNREFUSED`) of an error. */
export function awsErrorName(error: unknown): string {
  const shape = (error ?? {}) as SdkErrorShape;
  return String(shape.code !== undefined && /^E[A-Z]+$/.test(shape.code) ? shape.code : (shape.name ?? shape.code ?? 'Error'));
}

export function httpStatusOf(error: unknown): number | undefined {
  return ((error ?? {}) as SdkErrorShape).$metadata?.httpStatusCode;
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** An option of a lambda/batch component is invalid. */
export function invalidAwsOption(platform: AwsPlatform, component: string, option: string, problem: string, hint: string): TwinGraphError {
  return new TwinGraphError(ERROR_CODES.INVALID_OPTIONS, `${LABEL[platform]} component '${component}': ${option} ${problem}`, {
    hint,
    details: { component, platform, option },
    nonRetryable: true,
  });
}

/**
 * Turns an AWS SDK failure into a TwinGraphError that says what is wrong and how to fix it:
 * missing credentials or region, unreachable endpoint (wrong region, typo), access denied,
 * throttling. Errors it does not recognise keep their message with the platform and component.
 */
export function translateAwsError(error: unknown, platform: AwsPlatform, target: string, component?: string): TwinGraphError {
  if (isTwinGraphError(error)) return error;
  const name = awsErrorName(error);
  const text = describe(error);
  const who = component === undefined ? '' : ` for component '${component}'`;
  const details = { platform, target, awsError: name, ...(component === undefined ? {} : { component }) };
  const operational = (message: string, hint: string, nonRetryable = true): TwinGraphError =>
    new TwinGraphError(ERROR_CODES.EXECUTOR_NOT_CONFIGURED, message, { category: 'operational', hint, details, nonRetryable, cause: error });

  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(text)) {
    return operational(
      `No AWS credentials to call ${LABEL[platform]}${who}: ${text}`,
      'Give the SDK default chain credentials: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE (aws configure / aws sso login), or an instance/container role; TWINGRAPH_AWS=off runs without AWS.',
    );
  }
  if (/region is missing/i.test(text)) {
    return operational(`No AWS region set to call ${LABEL[platform]}${who}`, 'Set AWS_REGION (or TWINGRAPH_AWS_REGION), e.g. AWS_REGION=eu-west-1.');
  }
  if (['UnrecognizedClientException', 'InvalidClientTokenId', 'InvalidSignatureException', 'SignatureDoesNotMatch', 'ExpiredTokenException', 'ExpiredToken', 'InvalidAccessKeyId'].includes(name)) {
    return operational(
      `AWS rejected the credentials calling ${LABEL[platform]} in ${target}${who} (${name}): ${text}`,
      'Check AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN) or refresh the profile (aws sso login); keys only work in their own partition.',
    );
  }
  if (['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation'].includes(name)) {
    return operational(`Access denied calling ${LABEL[platform]} in ${target}${who}: ${text}`, `Grant the caller's IAM role the ${LABEL[platform]} permissions TwinGraph uses (see docs/platforms.md#lambda-batch-aws).`);
  }
  if (['ENOTFOUND', 'ECONNREFUSED', 'EHOSTUNREACH', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN'].includes(name)) {
    return operational(
      `Cannot reach ${LABEL[platform]} in ${target}${who} (${name}): ${text}`,
      'Check AWS_REGION is a real region (e.g. us-east-1) and TWINGRAPH_AWS_ENDPOINT / AWS_ENDPOINT_URL, if set, points at a running service (bash scripts/services/moto.sh start for the local one).',
      false,
    );
  }
  if (['TooManyRequestsException', 'ThrottlingException', 'Throttling', 'SlowDown', 'RequestLimitExceeded'].includes(name)) {
    return new TwinGraphError(ERROR_CODES.COMPONENT_FAILED, `${LABEL[platform]} throttled the request${who} in ${target} (${name}) after TwinGraph's retries: ${text}`, {
      category: 'operational',
      hint: platform === 'lambda'
        ? "Lower the run's concurrency for lambda components, raise the function's reserved concurrency, or ask AWS for a higher account concurrency limit."
        : `Lower the run's concurrency, or ask AWS for a higher ${LABEL[platform]} API rate limit.`,
      details: { ...details, throttled: true },
      cause: error,
    });
  }
  return new TwinGraphError(ERROR_CODES.COMPONENT_FAILED, `${LABEL[platform]} call failed${who} in ${target} (${name}): ${text}`, {
    category: 'operational',
    hint: `See the AWS error ${name}; docs/platforms.md#lambda-batch-aws lists the settings each platform needs.`,
    details,
    cause: error,
  });
}
