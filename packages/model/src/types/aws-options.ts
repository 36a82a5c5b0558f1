import { z } from 'zod';

// AWS Lambda and AWS Batch `platformOptions` of a component (SDK and workflow documents), validated
// where they are written. Names as in the original TwinGraph (snake_case). The executors check the
// same rules again (a component may reach them without passing through a schema).

export const LAMBDA_ARCHITECTURE_VALUES = ['x86_64', 'arm64'] as const;
export const BATCH_COMPUTE_VALUES = ['ec2', 'fargate'] as const;

export const lambdaPlatformOptionsSchema = z.strictObject({
  /** Function to invoke (name or ARN). @defaultValue the executor's (deployed `twingraph-runtime[-<memory>mb-<timeout>s-<arch>]`) */
  function_name: z.string().regex(/^(arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:)?[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]+)?$/, "a function name (1–64 letters, digits, - or _) or function ARN").optional(),
  /** MB, 128–10240 (when TwinGraph deploys the function). @defaultValue the executor's (1024) */
  memory_size: z.number().int().min(128).max(10_240).optional(),
  /** Seconds, 1–900 (when TwinGraph deploys the function). @defaultValue the executor's (300) */
  timeout: z.number().int().min(1).max(900).optional(),
  /** Layer version ARNs the function (managed outside TwinGraph) must have; container images TwinGraph deploys cannot have layers. */
  layers: z.array(z.string().regex(/^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:layer:[A-Za-z0-9_-]+:\d+$/, 'a layer version ARN')).max(5).optional(),
  /** @defaultValue the executor's ('x86_64') */
  architecture: z.enum(LAMBDA_ARCHITECTURE_VALUES).optional(),
});

export const batchPlatformOptionsSchema = z
  .strictObject({
    /** An existing job definition (name, name:revision or ARN) instead of one TwinGraph registers. */
    job_definition: z.string().regex(/^[A-Za-z0-9:/._-]{1,1600}$/, 'a job definition name, name:revision or ARN').optional(),
    /** @defaultValue the executor's (TWINGRAPH_BATCH_JOB_QUEUE) */
    job_queue: z.string().regex(/^[A-Za-z0-9:/._-]{1,1600}$/, 'a job queue name or ARN').optional(),
    /** @defaultValue the executor's (1) */
    vcpus: z.number().positive().max(256).optional(),
    /** MiB. @defaultValue the executor's (2048) */
    memory: z.number().int().min(4).optional(),
    gpu: z.number().int().nonnegative().optional(),
    /** Array job of this many children; child i gets input `array_index`; outputs are `{ items }`. */
    array_size: z.number().int().min(2).max(10_000).optional(),
    /** @defaultValue the executor's ('ec2') */
    compute: z.enum(BATCH_COMPUTE_VALUES).optional(),
  })
  .superRefine((value, ctx) => {
    if (value.compute !== 'fargate') return;
    if (value.gpu !== undefined && value.gpu > 0) ctx.addIssue({ code: 'custom', message: "GPUs are not available on Fargate: use compute 'ec2'", path: ['gpu'] });
    if (value.vcpus !== undefined && ![0.25, 0.5, 1, 2, 4, 8, 16].includes(value.vcpus)) ctx.addIssue({ code: 'custom', message: 'Fargate vCPUs are 0.25, 0.5, 1, 2, 4, 8 or 16', path: ['vcpus'] });
  });

export type LambdaPlatformOptionsInput = z.infer<typeof lambdaPlatformOptionsSchema>;
export type BatchPlatformOptionsInput = z.infer<typeof batchPlatformOptionsSchema>;

/**
 * superRefine step of the component schemas (SDK options, workflow document nodes): a lambda or
 * batch component's platformOptions must match its schema, reported at `platformOptions.<path>`.
 */
export function checkAwsPlatformOptions(value: { platform?: string | undefined; platformOptions?: Record<string, unknown> | undefined }, ctx: z.RefinementCtx): void {
  if (value.platformOptions === undefined) return;
  const schema = value.platform === 'lambda' ? lambdaPlatformOptionsSchema : value.platform === 'batch' ? batchPlatformOptionsSchema : undefined;
  if (schema === undefined) return;
  const result = schema.safeParse(value.platformOptions);
  if (result.success) return;
  for (const issue of result.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: ['platformOptions', ...issue.path] });
}
