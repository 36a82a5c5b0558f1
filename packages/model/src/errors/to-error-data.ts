import { ERROR_CODES } from './error-codes.js';
import { TwinGraphError, type ErrorData } from './twingraph-error.js';

/** Any thrown value as plain data, so it can be stored, sent over a queue or shown by a client. */
export function toErrorData(error: unknown): ErrorData {
  if (error instanceof TwinGraphError) return error.toData();
  if (error instanceof Error) {
    const data: ErrorData = {
      code: ERROR_CODES.COMPONENT_FAILED,
      message: `${error.name}: ${error.message}`,
      category: 'user',
    };
    if (error.stack !== undefined) data.stack = error.stack;
    return data;
  }
  return {
    code: ERROR_CODES.NON_ERROR_THROWN,
    message: `A non-Error value was thrown: ${describeThrown(error)}`,
    category: 'user',
    hint: 'Throw an Error (e.g. `throw new Error("...")`) so the message and stack are kept.',
  };
}

/** Rebuilds an error from data that crossed a boundary. */
export function fromErrorData(data: ErrorData): TwinGraphError {
  const error = new TwinGraphError(data.code, data.message, {
    category: data.category ?? 'user',
    ...(data.hint === undefined ? {} : { hint: data.hint }),
    ...(data.details === undefined ? {} : { details: data.details }),
    nonRetryable: data.nonRetryable ?? false,
  });
  if (data.stack !== undefined) error.stack = data.stack;
  return error;
}

function describeThrown(value: unknown): string {
  try {
    const text = typeof value === 'string' ? JSON.stringify(value) : String(JSON.stringify(value) ?? String(value));
    return text.length > 200 ? `${text.slice(0, 200)}…` : text;
  } catch {
    return Object.prototype.toString.call(value);
  }
}
