import { ERROR_CODES } from './error-codes.js';
import { TwinGraphError, type TwinGraphErrorOptions } from './twingraph-error.js';

// Factories for errors raised in several places; one-off errors construct TwinGraphError directly.

export function invalidOptionsError(subject: string, problems: string[], options: TwinGraphErrorOptions = {}): TwinGraphError {
  return new TwinGraphError(ERROR_CODES.INVALID_OPTIONS, `Invalid options for ${subject}: ${problems.join('; ')}`, {
    hint: 'Fix the listed options; see docs/sdk.md for every option and its type.',
    details: { problems },
    nonRetryable: true,
    ...options,
  });
}

export function cancelledError(reason = 'The run was cancelled'): TwinGraphError {
  return new TwinGraphError(ERROR_CODES.CANCELLED, reason, { category: 'operational', nonRetryable: true });
}

export function timeoutError(component: string, timeoutMs: number): TwinGraphError {
  return new TwinGraphError(ERROR_CODES.TIMEOUT, `Component '${component}' timed out after ${timeoutMs} ms`, {
    category: 'operational',
    hint: 'Raise timeoutMs on the component, or make it faster.',
    details: { timeoutMs },
  });
}

export function notFoundError(kind: string, id: string): TwinGraphError {
  return new TwinGraphError(ERROR_CODES.NOT_FOUND, `No ${kind} '${id}'`, {
    hint: `Check the ${kind} id; \`twingraph runs list\` lists recent runs.`,
    details: { kind, id },
  });
}
