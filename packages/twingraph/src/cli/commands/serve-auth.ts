import { isIP } from 'node:net';
import { ERROR_CODES, TwinGraphError } from '@twingraph/model';
import { ROLES, type Role } from '@twingraph/protocol';
import { hashPassword, type AuthOptions, type ServerApiKey, type ServerUser } from '@twingraph/server';

/** Loopback names and addresses: the only interfaces where `TWINGRAPH_AUTH=off` is allowed. */
export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

/**
 * Auth for `twingraph serve`, from the environment:
 * - `TWINGRAPH_AUTH` on | off. Default: off on a loopback host (local single-user mode), on otherwise;
 *   off on any other interface is refused.
 * - `TWINGRAPH_ADMIN_PASSWORD`: creates the user `admin` (role admin).
 * - `TWINGRAPH_USERS`: `name:role:password` entries separated by `,`.
 * - `TWINGRAPH_API_KEYS`: `name:role:key` entries separated by `,`.
 * - `TWINGRAPH_JWT_SECRET`: signing secret (32+ characters); random per process when unset.
 */
export function serveAuthFromEnv(env: NodeJS.ProcessEnv, host: string): AuthOptions {
  const requested = env['TWINGRAPH_AUTH']?.trim().toLowerCase();
  if (requested !== undefined && requested !== '' && !['on', 'off'].includes(requested)) {
    throw usage(`TWINGRAPH_AUTH must be 'on' or 'off', got '${requested}'`, 'Unset it to get the default (off on localhost, on elsewhere).');
  }
  const mode = requested === 'on' || requested === 'off' ? requested : isLoopback(host) ? 'off' : 'on';
  if (mode === 'off') {
    if (!isLoopback(host)) {
      throw usage(`TWINGRAPH_AUTH=off is only allowed on localhost, not on '${host}'`, 'Serve on --host 127.0.0.1, or turn auth on and set TWINGRAPH_ADMIN_PASSWORD or TWINGRAPH_API_KEYS.');
    }
    return { mode: 'off' };
  }
  const users: ServerUser[] = entries(env['TWINGRAPH_USERS'], 'TWINGRAPH_USERS').map(([username, roles, password]) => ({ username, roles, passwordHash: hashPassword(password) }));
  const admin = env['TWINGRAPH_ADMIN_PASSWORD'];
  if (admin !== undefined && admin !== '') users.push({ username: 'admin', roles: ['admin'], passwordHash: hashPassword(admin) });
  const apiKeys: ServerApiKey[] = entries(env['TWINGRAPH_API_KEYS'], 'TWINGRAPH_API_KEYS').map(([name, roles, key]) => ({ name, roles, key }));
  if (users.length === 0 && apiKeys.length === 0) {
    throw usage('Auth is on but no user or API key is configured, so nobody could sign in', 'Set TWINGRAPH_ADMIN_PASSWORD (user admin), TWINGRAPH_USERS or TWINGRAPH_API_KEYS.');
  }
  const secret = env['TWINGRAPH_JWT_SECRET'];
  if (secret !== undefined && secret.length < 32) throw usage('TWINGRAPH_JWT_SECRET must be at least 32 characters', 'Generate one with `openssl rand -hex 32`.');
  return { mode: 'on', users, apiKeys, ...(secret === undefined ? {} : { jwtSecret: secret }) };
}

function entries(text: string | undefined, variable: string): Array<[string, Role[], string]> {
  if (text === undefined || text.trim() === '') return [];
  return text.split(',').map((entry) => {
    const [name, role, ...rest] = entry.trim().split(':');
    const secret = rest.join(':');
    if (name === undefined || name === '' || role === undefined || !(ROLES as readonly string[]).includes(role) || secret === '') {
      throw usage(`${variable} entry '${name ?? ''}:…' must be name:role:secret with role one of ${ROLES.join(', ')}`, `e.g. ${variable}=ci:editor:s3cret`);
    }
    return [name, [role as Role], secret];
  });
}

function usage(message: string, hint: string): TwinGraphError {
  return new TwinGraphError(ERROR_CODES.USAGE, message, { hint, nonRetryable: true });
}
