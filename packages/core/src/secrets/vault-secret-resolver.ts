import { ERROR_CODES, TwinGraphError } from '@twingraph/model';
import type { SecretResolveOptions, SecretResolver } from './secret-resolver.js';

export interface VaultSecretResolverOptions {
  /** Vault address, e.g. `https://vault.example.com:8200` (the composition root reads `VAULT_ADDR`). */
  address: string;
  /** Token sent as `X-Vault-Token` (`VAULT_TOKEN`). */
  token: string;
  /** Enterprise/HCP namespace sent as `X-Vault-Namespace` (`VAULT_NAMESPACE`). @defaultValue none */
  namespace?: string;
  /** Mount of the KV version 2 secrets engine. @defaultValue 'secret' */
  mount?: string;
  /** Secret path used for plain names: `${secret:DB_PASSWORD}` reads key DB_PASSWORD of `<mount>/data/<path>`. @defaultValue 'twingraph' */
  path?: string;
  /** Per request, ms. @defaultValue 10_000 */
  timeoutMs?: number;
  /** How long a read secret is reused (one run reads each path once), ms; 0 reads every time. @defaultValue 5_000 */
  cacheTtlMs?: number;
  /** HTTP client. @defaultValue global fetch */
  fetch?: typeof fetch;
}

/**
 * HashiCorp Vault KV version 2 over its HTTP API (`GET /v1/<mount>/data/<path>`, token auth).
 * Names: `KEY` → key KEY of the default path; `a/b#KEY` → key KEY of path a/b; `a/b/KEY` → key KEY
 * of path a/b. A missing path or key is "not held" (the next resolver is asked); any other failure is
 * ERR_SECRET_UNAVAILABLE.
 */
export class VaultSecretResolver implements SecretResolver {
  readonly name = 'vault';
  private readonly cache = new Map<string, { at: number; data: Promise<Record<string, unknown> | undefined> }>();
  private readonly fetch: typeof fetch;

  constructor(private readonly options: VaultSecretResolverOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  async resolve(name: string, options?: SecretResolveOptions): Promise<string | undefined> {
    const { path, key } = this.locate(name);
    const data = await this.read(path, options?.signal);
    const value = data?.[key];
    if (value === undefined || value === null) return undefined;
    return typeof value === 'string' ? value : JSON.stringify(value);
  }

  /** Where a name lives: secret path and key within it. */
  locate(name: string): { path: string; key: string } {
    const hash = name.lastIndexOf('#');
    if (hash > 0) return { path: name.slice(0, hash), key: name.slice(hash + 1) };
    const slash = name.lastIndexOf('/');
    if (slash > 0) return { path: name.slice(0, slash), key: name.slice(slash + 1) };
    return { path: this.options.path ?? 'twingraph', key: name };
  }

  private read(path: string, signal: AbortSignal | undefined): Promise<Record<string, unknown> | undefined> {
    const ttl = this.options.cacheTtlMs ?? 5_000;
    const cached = this.cache.get(path);
    if (cached !== undefined && Date.now() - cached.at < ttl) return cached.data;
    const data = this.request(path, signal);
    if (ttl > 0) {
      this.cache.set(path, { at: Date.now(), data });
      data.catch(() => this.cache.delete(path));
    }
    return data;
  }

  private async request(path: string, signal: AbortSignal | undefined): Promise<Record<string, unknown> | undefined> {
    const mount = trimSlashes(this.options.mount ?? 'secret');
    const url = `${this.options.address.replace(/\/+$/, '')}/v1/${mount}/data/${trimSlashes(path).split('/').map(encodeURIComponent).join('/')}`;
    const headers: Record<string, string> = { 'X-Vault-Token': this.options.token, Accept: 'application/json' };
    if (this.options.namespace !== undefined) headers['X-Vault-Namespace'] = this.options.namespace;
    const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 10_000);
    let response: Response;
    try {
      response = await this.fetch(url, { headers, signal: signal === undefined ? timeout : AbortSignal.any([signal, timeout]) });
    } catch (error) {
      throw unavailable(`cannot reach Vault at ${this.options.address}: ${(error as Error).message}`, 'Check VAULT_ADDR and that Vault is reachable from this process.', error);
    }
    if (response.status === 404) return undefined;
    if (response.status === 403 || response.status === 401) {
      throw unavailable(`Vault denied reading ${mount}/data/${path} (HTTP ${response.status})`, 'Check VAULT_TOKEN (expired?) and that its policy allows read on this path, and VAULT_NAMESPACE.');
    }
    if (!response.ok) {
      throw unavailable(`Vault answered HTTP ${response.status} for ${mount}/data/${path}: ${(await response.text().catch(() => '')).slice(0, 200)}`, 'Check Vault\'s health (sealed?) and that the mount is a KV version 2 engine.');
    }
    const body = (await response.json().catch(() => undefined)) as { data?: { data?: unknown } } | undefined;
    const data = body?.data?.data;
    // A deleted (soft) version answers data: null.
    if (data === null) return undefined;
    if (typeof data !== 'object' || Array.isArray(data)) {
      throw unavailable(`Vault's answer for ${mount}/data/${path} is not a KV v2 secret`, 'The mount must be a KV version 2 secrets engine (kv-v2).');
    }
    return data as Record<string, unknown>;
  }
}

function trimSlashes(text: string): string {
  return text.replace(/^\/+|\/+$/g, '');
}

function unavailable(message: string, hint: string, cause?: unknown): TwinGraphError {
  return new TwinGraphError(ERROR_CODES.SECRET_UNAVAILABLE, message, { category: 'operational', hint, cause });
}
