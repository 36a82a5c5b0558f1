import {
  BATCH_COMPUTE_VALUES, batchPlatformOptionsSchema, KUBERNETES_PULL_POLICIES, kubernetesPlatformOptionsSchema, LAMBDA_ARCHITECTURE_VALUES,
  lambdaPlatformOptionsSchema, type Platform,
} from '@twingraph/model';

/**
 * Dedicated fields of a component's `platformOptions` in the properties panel, per platform, driven by
 * the option schemas of @twingraph/model (the same ones `validateWorkflow` and the executors use). Each
 * field edits one key; a key may have other spellings (the original TwinGraph's snake_case): the field
 * shows and writes whichever spelling the document already uses, else the first one.
 */
export type OptionFieldKind = 'text' | 'number' | 'select' | 'list' | 'json';

export interface OptionField {
  /** Spellings of the key, preferred first; a dotted one is nested (`config.namespace`). */
  keys: readonly string[];
  label: string;
  kind: OptionFieldKind;
  options?: readonly string[];
  hint?: string;
  placeholder?: string;
}

type Options = Record<string, unknown>;

const DOCKER_PULL_POLICIES = ['always', 'ifNotPresent', 'never'] as const;

export const PLATFORM_OPTION_FIELDS: Readonly<Record<Platform, readonly OptionField[]>> = {
  local: [],
  docker: [
    { keys: ['pullPolicy'], label: 'Pull policy', kind: 'select', options: DOCKER_PULL_POLICIES, hint: "'never' for images built locally" },
    { keys: ['network'], label: 'Network', kind: 'text', placeholder: 'bridge, none, …' },
    { keys: ['user'], label: 'User', kind: 'text', placeholder: '1000:1000' },
    { keys: ['workdir'], label: 'Working directory', kind: 'text', placeholder: '/app' },
    { keys: ['volumes'], label: 'Volumes', kind: 'list', hint: 'source:/target[:ro], one per line', placeholder: '/host/data:/data:ro' },
    { keys: ['entrypoint'], label: 'Entrypoint', kind: 'list', hint: 'One argument per line' },
    { keys: ['labels'], label: 'Container labels', kind: 'json', placeholder: '{"team": "data"}' },
  ],
  kubernetes: [
    { keys: ['namespace', 'config.namespace'], label: 'Namespace', kind: 'text', placeholder: 'the executor\'s (default)' },
    { keys: ['serviceAccountName'], label: 'Service account', kind: 'text' },
    { keys: ['pullPolicy', 'pull_policy'], label: 'Pull policy', kind: 'select', options: KUBERNETES_PULL_POLICIES },
    { keys: ['nodeSelector', 'node_selector'], label: 'Node selector', kind: 'json', hint: 'JSON object of labels', placeholder: '{"disktype": "ssd"}' },
    { keys: ['resources'], label: 'Resources (raw)', kind: 'json', hint: 'requests / limits over the component resources', placeholder: '{"limits": {"example.com/fpga": 1}}' },
    { keys: ['tolerations'], label: 'Tolerations', kind: 'json', hint: 'JSON array of tolerations', placeholder: '[{"key": "gpu", "operator": "Exists", "effect": "NoSchedule"}]' },
    { keys: ['imagePullSecrets'], label: 'Image pull secrets', kind: 'list', hint: 'Secret names, one per line' },
  ],
  lambda: [
    { keys: ['function_name'], label: 'Function name', kind: 'text', hint: 'Name or ARN; empty: the deployed TwinGraph runtime', placeholder: 'twingraph-runtime' },
    { keys: ['memory_size'], label: 'Memory (MB)', kind: 'number', hint: '128–10240', placeholder: '1024' },
    { keys: ['timeout'], label: 'Timeout (s)', kind: 'number', hint: '1–900', placeholder: '300' },
    { keys: ['architecture'], label: 'Architecture', kind: 'select', options: LAMBDA_ARCHITECTURE_VALUES },
    { keys: ['layers'], label: 'Layers', kind: 'list', hint: 'Layer version ARNs, one per line (up to 5)' },
  ],
  batch: [
    { keys: ['job_queue'], label: 'Job queue', kind: 'text', placeholder: 'TWINGRAPH_BATCH_JOB_QUEUE' },
    { keys: ['job_definition'], label: 'Job definition', kind: 'text', hint: 'An existing one; empty: TwinGraph registers one' },
    { keys: ['compute'], label: 'Compute', kind: 'select', options: BATCH_COMPUTE_VALUES },
    { keys: ['vcpus'], label: 'vCPUs', kind: 'number', placeholder: '1' },
    { keys: ['memory'], label: 'Memory (MiB)', kind: 'number', placeholder: '2048' },
    { keys: ['gpu'], label: 'GPUs', kind: 'number', placeholder: '0' },
    { keys: ['array_size'], label: 'Array size', kind: 'number', hint: 'Array job of 2–10000 children' },
  ],
};

const SCHEMAS: Partial<Record<Platform, typeof kubernetesPlatformOptionsSchema | typeof lambdaPlatformOptionsSchema | typeof batchPlatformOptionsSchema>> = {
  kubernetes: kubernetesPlatformOptionsSchema,
  lambda: lambdaPlatformOptionsSchema,
  batch: batchPlatformOptionsSchema,
};

function getPath(options: Options | undefined, key: string): unknown {
  let value: unknown = options;
  for (const part of key.split('.')) value = typeof value === 'object' && value !== null ? (value as Options)[part] : undefined;
  return value;
}

/** The spelling of the field's key the options use (the first when none is set). */
export function keyInUse(options: Options | undefined, field: OptionField): string {
  return field.keys.find((key) => getPath(options, key) !== undefined) ?? field.keys[0]!;
}

export function readOption(options: Options | undefined, field: OptionField): unknown {
  return getPath(options, keyInUse(options, field));
}

/**
 * The options with the field set to `value` (undefined removes it), under the spelling in use; other
 * spellings of the same key are removed, and so is an object emptied by that. Undefined when nothing is left.
 */
export function writeOption(options: Options | undefined, field: OptionField, value: unknown): Options | undefined {
  const target = keyInUse(options, field);
  let next: Options = { ...options };
  for (const key of field.keys) if (key !== target) next = removePath(next, key);
  next = value === undefined ? removePath(next, target) : setPath(next, target, value);
  return Object.keys(next).length === 0 ? undefined : next;
}

function setPath(options: Options, key: string, value: unknown): Options {
  const [head, ...rest] = key.split('.');
  if (rest.length === 0) return { ...options, [head!]: value };
  const inner = typeof options[head!] === 'object' && options[head!] !== null ? (options[head!] as Options) : {};
  return { ...options, [head!]: setPath(inner, rest.join('.'), value) };
}

function removePath(options: Options, key: string): Options {
  const [head, ...rest] = key.split('.');
  if (!(head! in options)) return options;
  const { [head!]: current, ...others } = options;
  if (rest.length === 0) return others;
  if (typeof current !== 'object' || current === null) return options;
  const inner = removePath(current as Options, rest.join('.'));
  return Object.keys(inner).length === 0 ? others : { ...others, [head!]: inner };
}

/**
 * Problems the platform's schema finds in the options, by field (its first spelling); problems of keys
 * no field edits are under '' (shown with the advanced JSON editor). Empty when valid or no schema.
 */
export function platformOptionErrors(platform: Platform, options: Options | undefined): Record<string, string[]> {
  const schema = SCHEMAS[platform];
  if (schema === undefined || options === undefined) return {};
  const result = schema.safeParse(options);
  if (result.success) return {};
  const fields = PLATFORM_OPTION_FIELDS[platform];
  const errors: Record<string, string[]> = {};
  for (const issue of result.error.issues) {
    const path = issue.path.map(String);
    // A spelling matches when the issue's path runs along it (`config` for `config.namespace` too).
    const matches = (key: string): boolean => path.length > 0 && key.split('.').every((part, i) => i >= path.length || path[i] === part);
    const field = fields.find((f) => f.keys.some(matches));
    const unknownKeys = issue.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')})` : '';
    const at = field === undefined ? path.join('.') : path.slice(keyInUse(options, field).split('.').length).join('.');
    const message = `${at === '' ? '' : `${at}: `}${issue.message}${unknownKeys}`;
    (errors[field?.keys[0] ?? ''] ??= []).push(message);
  }
  return errors;
}

/** List fields: one entry per line, blank lines dropped; undefined when empty. */
export function linesToList(text: string): string[] | undefined {
  const items = text.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  return items.length === 0 ? undefined : items;
}
