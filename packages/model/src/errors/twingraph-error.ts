import type { ErrorCode } from './error-codes.js';

/**
 * user: the caller must change something (input, options, code).
 * operational: the environment failed (store, network, process); may succeed later.
 * unexpected: a bug in TwinGraph.
 */
export type ErrorCategory = 'user' | 'operational' | 'unexpected';

/** How an error crosses a process or network boundary. */
export interface ErrorData {
  code: ErrorCode | (string & {});
  message: string;
  category?: ErrorCategory;
  hint?: string;
  details?: Record<string, unknown>;
  stack?: string;
  nonRetryable?: boolean;
}

export interface TwinGraphErrorOptions {
  category?: ErrorCategory;
  /** What the user should do about it. */
  hint?: string;
  details?: Record<string, unknown>;
  /** When true the engine does not retry the component, whatever its retry policy. */
  nonRetryable?: boolean;
  cause?: unknown;
}

/** Base of every error TwinGraph raises on purpose: a stable code, a category and a hint. */
export class TwinGraphError extends Error {
  readonly code: ErrorCode | (string & {});
  readonly category: ErrorCategory;
  readonly hint: string | undefined;
  readonly details: Record<string, unknown>;
  readonly nonRetryable: boolean;

  constructor(code: ErrorCode | (string & {}), message: string, options: TwinGraphErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TwinGraphError';
    this.code = code;
    this.category = options.category ?? 'user';
    this.hint = options.hint;
    this.details = options.details ?? {};
    this.nonRetryable = options.nonRetryable ?? false;
  }

  toData(): ErrorData {
    return {
      code: this.code,
      message: this.message,
      category: this.category,
      ...(this.hint === undefined ? {} : { hint: this.hint }),
      ...(Object.keys(this.details).length === 0 ? {} : { details: this.details }),
      ...(this.stack === undefined ? {} : { stack: this.stack }),
      ...(this.nonRetryable ? { nonRetryable: true } : {}),
    };
  }

  /** Message plus hint, as shown to a person. */
  describe(): string {
    return this.hint === undefined ? `${this.code}: ${this.message}` : `${this.code}: ${this.message}\n  hint: ${this.hint}`;
  }
}

export function isTwinGraphError(value: unknown): value is TwinGraphError {
  return value instanceof TwinGraphError;
}
