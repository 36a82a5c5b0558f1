import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SecretResolveOptions, SecretResolver } from '@twingraph/core';
import { ERROR_CODES, TwinGraphError } from '@twingraph/model';
import { clientConfig, describeAwsTarget, type AwsConnectionOptions } from './aws-connection.js';
import { awsErrorName, translateAwsError } from './aws-errors.js';

export interface SecretsManagerSecretResolverOptions extends AwsConnectionOptions {
  /** Prepended to every name: `${secret:DB_PASSWORD}` reads secret `<prefix>DB_PASSWORD`. @defaultValue `''` */
  prefix?: string;
  /** How long a read secret is reused, ms; 0 reads every time. @defaultValue 5_000 */
  cacheTtlMs?: number;
  /** A client to use instead of one built from the connection options. */
  client?: SecretsManagerClient;
}

/**
 * `${secret:NAME}` from AWS Secrets Manager (GetSecretValue, AWSCURRENT). Names: `NAME` → secret
 * `<prefix>NAME`, its whole SecretString; `NAME#KEY` → key KEY of a JSON SecretString (the shape the
 * console's key/value editor writes). A missing secret or key is "not held" (the next resolver of a
 * chain is asked); anything else (denied, unreachable, binary or malformed secret) is ERR_SECRET_UNAVAILABLE.
 */
export class SecretsManagerSecretResolver implements SecretResolver {
  readonly name = 'aws';
  readonly client: SecretsManagerClient;
  private readonly cache = new Map<string, { at: number; value: Promise<string | undefined> }>();

  constructor(private readonly options: SecretsManagerSecretResolverOptions = {}) {
    this.client = options.client ?? new SecretsManagerClient(clientConfig(options));
  }

  async resolve(name: string, options?: SecretResolveOptions): Promise<string | undefined> {
    const hash = name.lastIndexOf('#');
    const secretId = `${this.options.prefix ?? ''}${hash > 0 ? name.slice(0, hash) : name}`;
    const text = await this.read(secretId, options?.signal);
    if (text === undefined || hash <= 0) return text;
    const key = name.slice(hash + 1);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw this.unavailable(secretId, `is not JSON, so it has no key '${key}'`, `Reference the whole secret as \${secret:${name.slice(0, hash)}}, or store it as JSON key/value pairs.`, error);
    }
    const value = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>)[key] : undefined;
    if (value === undefined || value === null) return undefined;
    return typeof value === 'string' ? value : JSON.stringify(value);
  }

  close(): Promise<void> {
    if (this.options.client === undefined) this.client.destroy();
    return Promise.resolve();
  }

  private read(secretId: string, signal: AbortSignal | undefined): Promise<string | undefined> {
    const ttl = this.options.cacheTtlMs ?? 5_000;
    const cached = this.cache.get(secretId);
    if (cached !== undefined && Date.now() - cached.at < ttl) return cached.value;
    const value = this.fetch(secretId, signal);
    if (ttl > 0) {
      this.cache.set(secretId, { at: Date.now(), value });
      value.catch(() => this.cache.delete(secretId));
    }
    return value;
  }

  private async fetch(secretId: string, signal: AbortSignal | undefined): Promise<string | undefined> {
    try {
      const answer = await this.client.send(new GetSecretValueCommand({ SecretId: secretId }), signal === undefined ? {} : { abortSignal: signal });
      if (answer.SecretString !== undefined) return answer.SecretString;
      throw this.unavailable(secretId, 'is binary (SecretBinary), not a string', 'Store the value as a SecretString; TwinGraph puts secrets into environment variables, which hold text.');
    } catch (error) {
      if (error instanceof TwinGraphError) throw error;
      if (awsErrorName(error) === 'ResourceNotFoundException') return undefined;
      const translated = translateAwsError(error, 'secretsmanager', describeAwsTarget(this.options));
      throw this.unavailable(secretId, `could not be read: ${translated.message}`, translated.hint ?? 'Check the AWS settings.', error);
    }
  }

  private unavailable(secretId: string, problem: string, hint: string, cause?: unknown): TwinGraphError {
    return new TwinGraphError(ERROR_CODES.SECRET_UNAVAILABLE, `AWS Secrets Manager secret '${secretId}' ${problem}`, {
      category: 'operational',
      hint,
      details: { resolver: 'aws', secret: secretId, target: describeAwsTarget(this.options) },
      ...(cause === undefined ? {} : { cause }),
    });
  }
}
