import type { RetryPolicy } from '@twingraph/model';

export interface ResolvedRetryPolicy {
  maxAttempts: number;
  initialMs: number;
  factor: number;
  maxMs: number;
  jitter: number;
}

export const NO_RETRY: ResolvedRetryPolicy = Object.freeze({ maxAttempts: 1, initialMs: 100, factor: 2, maxMs: 30_000, jitter: 0.2 });

export function resolveRetryPolicy(policy: RetryPolicy | undefined): ResolvedRetryPolicy {
  if (policy === undefined) return NO_RETRY;
  return {
    maxAttempts: policy.maxAttempts ?? 1,
    initialMs: policy.backoff?.initialMs ?? NO_RETRY.initialMs,
    factor: policy.backoff?.factor ?? NO_RETRY.factor,
    maxMs: policy.backoff?.maxMs ?? NO_RETRY.maxMs,
    jitter: policy.backoff?.jitter ?? NO_RETRY.jitter,
  };
}

/**
 * Delay before the attempt after `failedAttempt` (1-based): initialMs · factor^(n-1), capped at maxMs,
 * then spread by ±jitter so many failing components do not retry in lock-step.
 */
export function backoffDelay(policy: ResolvedRetryPolicy, failedAttempt: number, random: () => number = Math.random): number {
  const base = Math.min(policy.maxMs, policy.initialMs * policy.factor ** (failedAttempt - 1));
  const spread = base * policy.jitter * (random() * 2 - 1);
  return Math.max(0, Math.round(base + spread));
}
