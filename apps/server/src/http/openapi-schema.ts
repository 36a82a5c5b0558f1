import { z } from 'zod';

/**
 * A protocol zod schema as JSON Schema for the OpenAPI document (request side: what a client sends).
 * Documentation only: requests are validated by the zod schema itself in the handler.
 */
export function openApiSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return json;
}
