import { ERROR_CODES, TwinGraphError } from '@twingraph/model';
import { PROTOCOL_ERROR_CODES } from '@twingraph/protocol';
import type { z } from 'zod';

export function notFound(what: string, id: string): TwinGraphError {
  return new TwinGraphError(ERROR_CODES.NOT_FOUND, `${what} '${id}' does not exist`, { details: { id }, hint: `List what exists with the matching GET collection route.` });
}

/** Parses a request part with a protocol schema; every problem goes in `details.problems`. */
export function parseRequest<S extends z.ZodType>(schema: S, value: unknown, part: 'body' | 'query' | 'params'): z.infer<S> {
  const parsed = schema.safeParse(value ?? {});
  // `?offset=` would coerce to 0: an empty query value is never a value, so it is refused like any other bad one.
  const empty = part === 'query' && typeof value === 'object' && value !== null
    ? Object.entries(value).filter(([, v]) => v === '' || (Array.isArray(v) && v.includes(''))).map(([key]) => ({ path: `query.${key}`, code: 'empty', message: 'Empty value: give a value or leave the parameter out' }))
    : [];
  if (parsed.success && empty.length === 0) return parsed.data;
  const problems = [...empty, ...(parsed.success ? [] : parsed.error.issues.map((issue) => ({ path: [part, ...issue.path.map(String)].join('.'), code: issue.code, message: issue.message })))];
  throw new TwinGraphError(PROTOCOL_ERROR_CODES.BAD_REQUEST, `Invalid request ${part}: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, {
    details: { problems },
    hint: 'See /docs for the route\'s schema.',
  });
}
