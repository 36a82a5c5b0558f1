import { z } from 'zod';
import { cachePolicySchema, ERROR_HANDLERS, resourcesSchema, retryPolicySchema } from '../types/component-options.js';
import { checkKubernetesPlatformOptions } from '../types/kubernetes-options.js';
import { checkAwsPlatformOptions } from '../types/aws-options.js';
import { PLATFORMS } from '../types/status.js';

export const WORKFLOW_API_VERSION = 'twingraph/v1';
export const PORT_TYPES = ['string', 'number', 'boolean', 'object', 'array', 'any'] as const;
export const LANGUAGES = ['python', 'javascript', 'typescript', 'bash', 'cpp', 'rust'] as const;
export const JOIN_POLICIES = ['all', 'any', 'ignoreFailed'] as const;

export const portSchema = z.strictObject({
  name: z.string().min(1).regex(/^[A-Za-z_]\w*$/, 'a port name is an identifier'),
  type: z.enum(PORT_TYPES).default('any'),
  required: z.boolean().optional(),
  default: z.unknown().optional(),
  description: z.string().optional(),
});

const nodeBase = {
  id: z.string().min(1).max(200),
  name: z.string().optional(),
  description: z.string().optional(),
  inputs: z.array(portSchema).default([]),
  outputs: z.array(portSchema).default([]),
  join: z.enum(JOIN_POLICIES).optional(),
  position: z.strictObject({ x: z.number(), y: z.number() }).optional(),
};

export const componentNodeSchema = z.strictObject({
  ...nodeBase,
  type: z.literal('component'),
  language: z.enum(LANGUAGES).optional(),
  code: z.string().optional(),
  platform: z.enum(PLATFORMS).default('local'),
  image: z.string().optional(),
  command: z.array(z.string()).optional(),
  retry: retryPolicySchema.optional(),
  timeoutMs: z.number().int().positive().optional(),
  resources: resourcesSchema.optional(),
  env: z.record(z.string(), z.string()).optional(),
  cache: cachePolicySchema.optional(),
  additionalAttributes: z.record(z.string(), z.unknown()).optional(),
  platformOptions: z.record(z.string(), z.unknown()).optional(),
}).superRefine(checkKubernetesPlatformOptions).superRefine(checkAwsPlatformOptions);

export const conditionNodeSchema = z.strictObject({
  ...nodeBase,
  type: z.literal('condition'),
  /** Expression over the node's inputs, e.g. `value > 10`. */
  expression: z.string().min(1),
});

export const mapNodeSchema = z.strictObject({
  ...nodeBase,
  type: z.literal('map'),
  /** Input port holding the array to iterate. */
  over: z.string().min(1),
  /** Node (component) run once per item. */
  body: z.string().min(1),
  maxIterations: z.number().int().positive().optional(),
  maxParallel: z.number().int().positive().optional(),
});

export const loopNodeSchema = z.strictObject({
  ...nodeBase,
  type: z.literal('loop'),
  /** Keep iterating while this expression is true. */
  while: z.string().min(1),
  body: z.string().min(1),
  maxIterations: z.number().int().positive(),
});

export const subworkflowNodeSchema = z.strictObject({
  ...nodeBase,
  type: z.literal('subworkflow'),
  /** Id of a saved workflow, or a path. */
  ref: z.string().optional(),
  workflow: z.lazy((): z.ZodType => workflowDocumentSchema).optional(),
});

export const workflowNodeSchema = z.discriminatedUnion('type', [
  componentNodeSchema,
  conditionNodeSchema,
  mapNodeSchema,
  loopNodeSchema,
  subworkflowNodeSchema,
]);

export const workflowEdgeSchema = z.strictObject({
  id: z.string().optional(),
  source: z.string().min(1),
  sourceHandle: z.string().optional(),
  target: z.string().min(1),
  targetHandle: z.string().optional(),
});

export const workflowDocumentSchema = z.strictObject({
  apiVersion: z.literal(WORKFLOW_API_VERSION),
  kind: z.literal('Workflow'),
  metadata: z.strictObject({
    id: z.string().optional(),
    name: z.string().min(1),
    description: z.string().optional(),
    version: z.union([z.string(), z.number()]).optional(),
    tags: z.array(z.string()).optional(),
  }),
  spec: z
    .strictObject({
      maxParallel: z.number().int().positive().optional(),
      errorHandler: z.enum(ERROR_HANDLERS).optional(),
      timeoutMs: z.number().int().positive().optional(),
      schedule: z.string().optional(),
    })
    .optional(),
  nodes: z.array(workflowNodeSchema),
  edges: z.array(workflowEdgeSchema).default([]),
});

export type WorkflowPort = z.infer<typeof portSchema>;
export type WorkflowNode = z.infer<typeof workflowNodeSchema>;
export type ComponentNode = z.infer<typeof componentNodeSchema>;
export type WorkflowEdge = z.infer<typeof workflowEdgeSchema>;
export type WorkflowDocument = z.infer<typeof workflowDocumentSchema>;
export type Language = (typeof LANGUAGES)[number];

/** JSON Schema (draft 2020-12) of the workflow document, published by `twingraph schema`. */
export function workflowJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(workflowDocumentSchema, { unrepresentable: 'any', io: 'input' });
}
