import { z } from 'zod';

// Kubernetes `platformOptions` of a component (SDK and workflow documents), validated where they are
// written. camelCase names, plus the snake_case spellings of the original TwinGraph (`node_selector`,
// `pull_policy`, `config.namespace`), which mean the same.

const dnsLabel = z.string().max(63).regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'a DNS-1123 label: lower-case letters, digits and -, starting and ending with a letter or digit');
const dnsSubdomain = z.string().max(253).regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, 'a DNS-1123 subdomain: lower-case letters, digits, - and .');
const labelKey = z.string().max(316).regex(/^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/, "a label key like 'team' or 'example.com/team'");
const labelValue = z.string().max(63).regex(/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/, 'a label value: up to 63 letters, digits, - _ ., starting and ending with a letter or digit');
const quantity = z.union([z.number().positive(), z.string().regex(/^[+-]?(\d+(\.\d*)?|\.\d+)(([KMGTPE]i)|[numkMGTPE]|([eE][+-]?\d+))?$/, "a Kubernetes quantity like '500m', '1', '512Mi' or '2G'")]);
const resourceList = z.record(z.string().min(1), quantity);

export const KUBERNETES_PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'] as const;
/** Kubernetes spelling, or the docker option's (`always`, `ifNotPresent`, `never`). */
const pullPolicy = z.enum([...KUBERNETES_PULL_POLICIES, 'always', 'ifNotPresent', 'never']);

export const tolerationSchema = z.strictObject({
  key: labelKey.optional(),
  /** @defaultValue 'Equal' */
  operator: z.enum(['Exists', 'Equal']).optional(),
  value: labelValue.optional(),
  effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']).optional(),
  tolerationSeconds: z.number().int().optional(),
});

export const kubernetesPlatformOptionsSchema = z.strictObject({
  /** Namespace of the Job. @defaultValue the executor's (kubeconfig context namespace, else 'default') */
  namespace: dnsLabel.optional(),
  /** The original TwinGraph's spelling of `namespace`. */
  config: z.strictObject({ namespace: dnsLabel.optional() }).optional(),
  nodeSelector: z.record(labelKey, labelValue).optional(),
  node_selector: z.record(labelKey, labelValue).optional(),
  tolerations: z.array(tolerationSchema).optional(),
  serviceAccountName: dnsSubdomain.optional(),
  /** @defaultValue the executor's ('IfNotPresent') */
  pullPolicy: pullPolicy.optional(),
  pull_policy: pullPolicy.optional(),
  /** Names of docker-registry secrets in the Job's namespace. */
  imagePullSecrets: z.array(dnsSubdomain).optional(),
  /** Environment variables from Kubernetes secrets: `{ API_TOKEN: { secret: 'api', key: 'token' } }` (secretKeyRef). */
  secretEnv: z.record(z.string().regex(/^[-._a-zA-Z][-._a-zA-Z0-9]*$/, 'an environment variable name'), z.strictObject({ secret: dnsSubdomain, key: z.string().regex(/^[-._a-zA-Z0-9]+$/, 'a secret key'), optional: z.boolean().optional() })).optional(),
  /** Raw requests/limits, over what `resources` on the component gives (e.g. `{ limits: { 'example.com/fpga': 1 } }`). */
  resources: z.strictObject({ requests: resourceList.optional(), limits: resourceList.optional() }).optional(),
  /** Extended resource name used for `resources.gpu`. @defaultValue 'nvidia.com/gpu' */
  gpuResource: z.string().min(1).optional(),
  /** Command of an image + command component (`component.command` wins). */
  command: z.array(z.string()).optional(),
  labels: z.record(labelKey, labelValue).optional(),
  annotations: z.record(labelKey, z.string()).optional(),
  /** Seconds the finished Job stays before Kubernetes deletes it (the executor deletes it anyway). @defaultValue the executor's (300) */
  ttlSecondsAfterFinished: z.number().int().nonnegative().optional(),
});

export type KubernetesPlatformOptions = z.infer<typeof kubernetesPlatformOptionsSchema>;

/**
 * superRefine step of the component schemas (SDK options, workflow document nodes): a kubernetes
 * component's platformOptions must match the schema above, reported at `platformOptions.<path>`.
 */
export function checkKubernetesPlatformOptions(value: { platform?: string | undefined; platformOptions?: Record<string, unknown> | undefined }, ctx: z.RefinementCtx): void {
  if (value.platform !== 'kubernetes' || value.platformOptions === undefined) return;
  const result = kubernetesPlatformOptionsSchema.safeParse(value.platformOptions);
  if (result.success) return;
  for (const issue of result.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: ['platformOptions', ...issue.path] });
}
