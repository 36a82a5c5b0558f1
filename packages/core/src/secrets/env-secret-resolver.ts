import { toEnvName } from './secret-references.js';
import type { SecretResolver } from './secret-resolver.js';

export interface EnvSecretResolverOptions {
  /** The variables to read (the composition root passes `process.env`; core reads no environment itself). */
  env: Readonly<Record<string, string | undefined>>;
  /** Prefix of secret variables: `${secret:db-password}` reads `TWINGRAPH_SECRET_DB_PASSWORD`. @defaultValue 'TWINGRAPH_SECRET_' */
  prefix?: string;
  /**
   * Also read the variable named exactly NAME when the prefixed one is not set. Convenient on one's own
   * machine; off for servers, where it would let any workflow author read any server variable.
   * @defaultValue false
   */
  plain?: boolean;
}

/** Secrets from environment variables: `TWINGRAPH_SECRET_<NAME>`, then (when `plain`) `<NAME>`. */
export class EnvSecretResolver implements SecretResolver {
  readonly name = 'env';
  private readonly prefix: string;

  constructor(private readonly options: EnvSecretResolverOptions) {
    this.prefix = options.prefix ?? 'TWINGRAPH_SECRET_';
  }

  resolve(name: string): Promise<string | undefined> {
    const { env } = this.options;
    const value = env[this.prefix + toEnvName(name)] ?? (this.options.plain === true ? env[name] : undefined);
    return Promise.resolve(value);
  }
}
