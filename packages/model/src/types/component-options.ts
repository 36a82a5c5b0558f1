import { z } from 'zod';
import { checkKubernetesPlatformOptions } from './kubernetes-options.js';
import { checkAwsPlatformOptions } from './aws-options.js';
import { PLATFORMS } from './status.js';

export const backoffSchema = z.strictObject({
  /** First delay, ms. @defaultValue 100 */
  initialMs: z.number().int().nonnegative().optional(),
  /** Multiplier per attempt. @defaultValue 2 */
  factor: z.number().min(1).optional(),
  /** Cap on one delay, ms. @defaultValue 30000 */
  maxMs: z.number().int().nonnegative().optional(),
  /** Random spread, 0..1 of the delay. @defaultValue 0.2 */
  jitter: z.number().min(0).max(1).optional(),
});

export const retryPolicySchema = z.strictObject({
  /** Total attempts including the first. @defaultValue 1 */
  maxAttempts: z.number().int().min(1).max(100).optional(),
  backoff: backoffSchema.optional(),
});

export const resourcesSchema = z.strictObject({
  /** CPUs (number) or Kubernetes-style string ('500m'). */
  cpu: z.union([z.number().positive(), z.string().regex(/^\d+(\.\d+)?m?$/, 'cpu like 1, 0.5 or 500m')]).optional(),
  /** Bytes (number) or a size like '512Mi', '2G'. */
  memory: z.union([z.number().int().positive(), z.string().regex(/^\d+(\.\d+)?\s*([KMGT]i?)?B?$/i, "memory like '512Mi' or '2G'")]).optional(),
  gpu: z.union([z.boolean(), z.number().int().nonnegative()]).optional(),
});

export const cachePolicySchema = z.union([
  z.boolean(),
  z.strictObject({
    enabled: z.boolean().optional(),
    /** Reuse only results younger than this, ms. @defaultValue unlimited */
    ttlMs: z.number().int().positive().optional(),
  }),
]);

export const componentOptionsSchema = z.strictObject({
  name: z.string().min(1).max(200).regex(/^[A-Za-z_][\w.-]*$/, 'letters, digits, _ . - and starting with a letter or _').optional(),
  description: z.string().optional(),
  /** @defaultValue 'local' */
  platform: z.enum(PLATFORMS).optional(),
  /** Shorthand for platform: 'docker'. */
  docker: z.boolean().optional(),
  image: z.string().min(1).optional(),
  retry: retryPolicySchema.optional(),
  /** Per attempt, ms. @defaultValue none */
  timeoutMs: z.number().int().positive().optional(),
  resources: resourcesSchema.optional(),
  env: z.record(z.string(), z.string()).optional(),
  labels: z.record(z.string(), z.string()).optional(),
  additionalAttributes: z.record(z.string(), z.unknown()).optional(),
  /** Record the commit and per-line blame of the component's source. @defaultValue false */
  git: z.boolean().optional(),
  /** @defaultValue false */
  cache: cachePolicySchema.optional(),
  /** Options only one platform understands (docker pullPolicy, kubernetes namespace, …). */
  platformOptions: z.record(z.string(), z.unknown()).optional(),
}).superRefine(checkKubernetesPlatformOptions).superRefine(checkAwsPlatformOptions);

export type BackoffOptions = z.infer<typeof backoffSchema>;
export type RetryPolicy = z.infer<typeof retryPolicySchema>;
export type Resources = z.infer<typeof resourcesSchema>;
export type CachePolicy = z.infer<typeof cachePolicySchema>;
export type ComponentOptions = z.infer<typeof componentOptionsSchema>;

export const ERROR_HANDLERS = ['fail', 'continue'] as const;
export type ErrorHandler = (typeof ERROR_HANDLERS)[number];

export const pipelineOptionsSchema = z.strictObject({
  name: z.string().min(1).max(200).optional(),
  description: z.string().optional(),
  /** Components running at once. @defaultValue 16 */
  maxParallel: z.number().int().min(1).max(100_000).optional(),
  /** 'fail' stops the run at the first failure; 'continue' lets independent work finish. @defaultValue 'fail' */
  errorHandler: z.enum(ERROR_HANDLERS).optional(),
  /** Whole-run limit, ms. @defaultValue none */
  timeoutMs: z.number().int().positive().optional(),
  /** true: remove earlier runs of this pipeline from the graph; 'all': the whole graph. @defaultValue false */
  clearGraph: z.union([z.boolean(), z.literal('all')]).optional(),
  /** Run store location: a SQLite path, `sqlite:` URL, 'memory', or false. @defaultValue './.twingraph/twingraph.db' */
  store: z.union([z.string().min(1), z.literal(false)]).optional(),
  /** Lineage graph location; defaults to the run store. false turns lineage off. */
  graph: z.union([z.string().min(1), z.literal(false)]).optional(),
  /** Global switch for result caching. @defaultValue true (components still opt in) */
  cache: z.boolean().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  /**
   * Send components to queue workers (`twingraph worker`) instead of running them here: `redis` URL
   * (default TWINGRAPH_REDIS_URL), queue `name` (default 'twingraph'), and optional most-in-flight per component name.
   */
  queue: z.strictObject({
    redis: z.string().optional(),
    name: z.string().regex(/^[^:]+$/, 'a queue name may not contain ":"').optional(),
    componentConcurrency: z.record(z.string(), z.number().int().min(1)).optional(),
  }).optional(),
});

export type PipelineOptions = z.infer<typeof pipelineOptionsSchema>;
