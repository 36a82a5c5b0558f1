import { ERROR_CODES, TwinGraphError } from '@twingraph/model';
import type { SecretMasker } from './secret-masker.js';
import type { SecretResolveOptions, SecretResolver } from './secret-resolver.js';

/**
 * `${secret:NAME}`: NAME is letters, digits and `_ . - / #` (a Vault path and key: `db/prod#password`).
 * `$${secret:NAME}` is an escape for the literal text `${secret:NAME}`.
 */
const REFERENCE = /\$?\$\{secret:([A-Za-z0-9_.\-/#]+)\}/g;

/** Names of the secrets referenced anywhere in the strings of `value` (object keys excluded), in first-seen order. */
export function findSecretReferences(value: unknown): string[] {
  const names = new Set<string>();
  walkStrings(value, (text) => {
    for (const match of text.matchAll(REFERENCE)) if (!match[0].startsWith('$$')) names.add(match[1]!);
  });
  return [...names];
}

/** True when some string of `value` holds a `${secret:NAME}` reference (cheap pre-check). */
export function hasSecretReferences(value: unknown): boolean {
  return findSecretReferences(value).length > 0;
}

export interface ResolveSecretReferencesOptions extends SecretResolveOptions {
  /** Every value resolved is added here, so logs and records mask it. */
  masker?: SecretMasker;
  /** Who needs the secrets, for the error message (e.g. "component 'load'"). */
  context?: string;
}

/**
 * A copy of `value` with every `${secret:NAME}` replaced by its value. Each name is resolved once.
 * Throws ERR_SECRET_NOT_FOUND naming every missing secret (non-retryable: retrying will not create it),
 * or the resolver's ERR_SECRET_UNAVAILABLE when a backend fails.
 */
export async function resolveSecretReferences<T>(value: T, resolver: SecretResolver | undefined, options: ResolveSecretReferencesOptions = {}): Promise<T> {
  const names = findSecretReferences(value);
  if (names.length === 0) return unescape(value);
  const where = options.context === undefined ? '' : ` for ${options.context}`;
  if (resolver === undefined) {
    throw new TwinGraphError(ERROR_CODES.SECRET_NOT_FOUND, `Secret reference(s) ${names.map((n) => `\${secret:${n}}`).join(', ')}${where} but no secret resolver is configured`, {
      details: { missing: names }, nonRetryable: true,
      hint: 'Configure a secret resolver (env TWINGRAPH_SECRET_<NAME>, a secrets file/directory, Vault or AWS): see docs/api.md "Secrets".',
    });
  }
  const values = new Map<string, string>();
  const missing: string[] = [];
  const lookup = { ...(options.signal === undefined ? {} : { signal: options.signal }) };
  for (const name of names) {
    const resolved = await resolver.resolve(name, lookup);
    if (resolved === undefined) missing.push(name);
    else values.set(name, resolved);
  }
  if (missing.length > 0) {
    throw new TwinGraphError(ERROR_CODES.SECRET_NOT_FOUND, `Secret(s) ${missing.join(', ')}${where} not found in ${resolver.name}`, {
      details: { missing, resolver: resolver.name }, nonRetryable: true,
      hint: `Define them (e.g. env TWINGRAPH_SECRET_${toEnvName(missing[0]!)}) in one of the configured secret sources, or fix the reference.`,
    });
  }
  if (options.masker !== undefined) for (const secret of values.values()) options.masker.add(secret);
  return mapStrings(value, (text) => text.replace(REFERENCE, (whole, name: string) => (whole.startsWith('$$') ? whole.slice(1) : values.get(name)!)));
}

/** The environment-variable form of a secret name: upper case, other characters as `_`. */
export function toEnvName(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
}

function unescape<T>(value: T): T {
  return mapStrings(value, (text) => (text.includes('$${secret:') ? text.replace(REFERENCE, (whole) => (whole.startsWith('$$') ? whole.slice(1) : whole)) : text));
}

function walkStrings(value: unknown, visit: (text: string) => void): void {
  if (typeof value === 'string') visit(value);
  else if (Array.isArray(value)) for (const item of value) walkStrings(item, visit);
  else if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    for (const item of Object.values(value)) walkStrings(item, visit);
  }
}

/** Copies only the containers whose strings change. */
function mapStrings<T>(value: T, map: (text: string) => string): T {
  if (typeof value === 'string') return map(value) as T;
  if (Array.isArray(value)) {
    const out = value.map((item: unknown) => mapStrings(item, map));
    return (out.some((item, i) => item !== value[i]) ? out : value) as T;
  }
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = mapStrings(item, map);
      if (out[key] !== item) changed = true;
    }
    return (changed ? out : value) as T;
  }
  return value;
}
