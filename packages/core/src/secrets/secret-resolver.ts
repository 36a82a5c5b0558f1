/**
 * Where `${secret:NAME}` references get their values at run time. Implementations: EnvSecretResolver,
 * FileSecretResolver, VaultSecretResolver (core), the AWS Secrets Manager resolver (executor-aws).
 * Resolved values are never recorded: the graph and run store keep the reference text, and every
 * value resolved is added to the engine's SecretMasker so logs, errors and events show `***`.
 *
 * Left out on purpose: listing secrets, writing them, leases/renewal (values are read per attempt).
 */
export interface SecretResolver {
  /** Short name used in errors and logs: 'env', 'file', 'vault', 'aws'. */
  readonly name: string;
  /**
   * The value of secret `name`, or undefined when this resolver does not hold it (the next resolver
   * of a chain is asked). Throws (ERR_SECRET_UNAVAILABLE) only when the backend itself fails:
   * unreachable, access denied, malformed answer.
   */
  resolve(name: string, options?: SecretResolveOptions): Promise<string | undefined>;
  close?(): Promise<void>;
}

export interface SecretResolveOptions {
  /** Aborted when the attempt that needs the secret is cancelled or times out. */
  signal?: AbortSignal;
}

/** Asks each resolver in turn; the first that holds the name wins. */
export class ChainSecretResolver implements SecretResolver {
  readonly name: string;

  constructor(private readonly resolvers: readonly SecretResolver[]) {
    this.name = resolvers.map((r) => r.name).join('+') || 'none';
  }

  async resolve(name: string, options?: SecretResolveOptions): Promise<string | undefined> {
    for (const resolver of this.resolvers) {
      const value = await resolver.resolve(name, options);
      if (value !== undefined) return value;
    }
    return undefined;
  }

  async close(): Promise<void> {
    for (const resolver of this.resolvers) await resolver.close?.();
  }
}
