import { ChainSecretResolver, EnvSecretResolver, FileSecretResolver, VaultSecretResolver, type SecretResolver } from '@twingraph/core';
import { ERROR_CODES, TwinGraphError } from '@twingraph/model';

/**
 * The secret sources of the default wiring, asked in this order for each `${secret:NAME}`:
 * 1. env `TWINGRAPH_SECRET_<NAME>` (and, with `TWINGRAPH_SECRETS_PLAIN_ENV=1`, the variable NAME itself);
 * 2. `TWINGRAPH_SECRETS_FILE`: a directory of one file per secret (Docker/Kubernetes mounts), a JSON
 *    object file or a .env file;
 * 3. HashiCorp Vault KV v2 when `VAULT_ADDR` and `VAULT_TOKEN` are set (`VAULT_NAMESPACE`,
 *    `TWINGRAPH_VAULT_MOUNT` (default secret), `TWINGRAPH_VAULT_PATH` (default twingraph)).
 * `extra` resolvers (AWS Secrets Manager…) come last.
 */
export function secretResolverFromEnv(env: NodeJS.ProcessEnv, extra: readonly SecretResolver[] = []): SecretResolver {
  const resolvers: SecretResolver[] = [new EnvSecretResolver({ env, plain: flag(env, 'TWINGRAPH_SECRETS_PLAIN_ENV') })];
  const file = env['TWINGRAPH_SECRETS_FILE']?.trim();
  if (file !== undefined && file !== '') resolvers.push(new FileSecretResolver({ path: file }));
  const address = env['VAULT_ADDR']?.trim();
  const token = env['VAULT_TOKEN']?.trim();
  if (address !== undefined && address !== '') {
    if (token === undefined || token === '') {
      throw new TwinGraphError(ERROR_CODES.INVALID_OPTIONS, 'VAULT_ADDR is set but VAULT_TOKEN is not, so Vault secrets cannot be read', {
        hint: 'Set VAULT_TOKEN to a token allowed to read the KV v2 paths your workflows reference, or unset VAULT_ADDR.',
      });
    }
    const namespace = env['VAULT_NAMESPACE']?.trim();
    resolvers.push(new VaultSecretResolver({
      address, token,
      ...(namespace === undefined || namespace === '' ? {} : { namespace }),
      ...(env['TWINGRAPH_VAULT_MOUNT'] === undefined ? {} : { mount: env['TWINGRAPH_VAULT_MOUNT'] }),
      ...(env['TWINGRAPH_VAULT_PATH'] === undefined ? {} : { path: env['TWINGRAPH_VAULT_PATH'] }),
    }));
  }
  resolvers.push(...extra);
  return resolvers.length === 1 ? resolvers[0]! : new ChainSecretResolver(resolvers);
}

function flag(env: NodeJS.ProcessEnv, name: string): boolean {
  const value = env[name]?.trim().toLowerCase();
  if (value === undefined || value === '' || value === '0' || value === 'false' || value === 'off') return false;
  if (value === '1' || value === 'true' || value === 'on') return true;
  throw new TwinGraphError(ERROR_CODES.INVALID_OPTIONS, `${name} must be 1/true/on or 0/false/off, got '${value}'`, { hint: `e.g. ${name}=1` });
}
