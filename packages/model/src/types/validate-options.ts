import type { z } from 'zod';
import { invalidOptionsError } from '../errors/errors.js';

/** Parses with a zod schema; on failure throws ERR_INVALID_OPTIONS listing every problem with its path. */
export function parseOptions<T extends z.ZodType>(schema: T, value: unknown, subject: string): z.infer<T> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.length === 0 ? '(root)' : issue.path.map(String).join('.');
    return `${path}: ${issue.message}`;
  });
  throw invalidOptionsError(subject, problems);
}
