import { TwinGraphError, type ErrorCategory } from '@twingraph/model';

/** Codes only the client raises (the server's own codes come back unchanged in `ClientError.code`). */
export const CLIENT_ERROR_CODES = {
  /** The server could not be reached (refused, DNS, TLS, connection reset). */
  NETWORK: 'ERR_NETWORK',
  /** No response within the client's `timeoutMs`. */
  REQUEST_TIMEOUT: 'ERR_REQUEST_TIMEOUT',
  /** The server answered with something that is not a TwinGraph response (not JSON, no error body). */
  BAD_RESPONSE: 'ERR_BAD_RESPONSE',
} as const;

export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[keyof typeof CLIENT_ERROR_CODES];

export interface ClientErrorOptions {
  /** HTTP status; 0 when no response came back. */
  status: number;
  hint?: string | undefined;
  details?: Record<string, unknown> | undefined;
  cause?: unknown;
}

/**
 * Any failed API call: the server's stable `code`, `message`, `hint` and `details`, plus the HTTP
 * `status` (0 for network failures and timeouts). Branch on `code`, never on the message.
 */
export class ClientError extends TwinGraphError {
  readonly status: number;

  constructor(code: string, message: string, options: ClientErrorOptions) {
    super(code, message, {
      category: categoryOf(options.status),
      ...(options.hint === undefined ? {} : { hint: options.hint }),
      ...(options.details === undefined ? {} : { details: options.details }),
      ...(options.cause === undefined ? {} : { cause: options.cause }),
    });
    this.name = 'ClientError';
    this.status = options.status;
  }

  /** True when retrying later may help (server down, overloaded, rate limited, timed out). */
  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status === 502 || this.status === 503 || this.status === 504;
  }
}

function categoryOf(status: number): ErrorCategory {
  if (status === 0 || status === 429 || status >= 502) return 'operational';
  if (status >= 500) return 'unexpected';
  return 'user';
}

export function isClientError(value: unknown): value is ClientError {
  return value instanceof ClientError;
}
