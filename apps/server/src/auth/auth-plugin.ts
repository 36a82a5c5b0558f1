import type { FastifyInstance, FastifyRequest } from 'fastify';
import { TwinGraphError } from '@twingraph/model';
import { PROTOCOL_ERROR_CODES, tokenRequestSchema, type Role } from '@twingraph/protocol';
import { parseRequest } from '../http/api-errors.js';
import { openApiSchema } from '../http/openapi-schema.js';
import { hasRole, type AuthService, type Principal } from './auth-service.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
  interface FastifyContextConfig {
    /** Role the route needs; `'public'` needs no credentials. @defaultValue 'viewer' for GET, 'editor' otherwise */
    role?: Role | 'public';
  }
}

/** Reads credentials from headers, or (for the WebSocket, where browsers cannot set headers) `?token=`. */
export function credentialsOf(request: FastifyRequest): { bearer?: string; apiKey?: string; unsupported?: string } {
  const header = request.headers.authorization;
  const apiKey = request.headers['x-api-key'];
  const query = request.query as Record<string, unknown> | undefined;
  const scheme = header === undefined || header.trim() === '' ? undefined : header.trim().split(/\s+/)[0]!;
  const bearer = scheme?.toLowerCase() === 'bearer' ? header!.trim().slice(scheme.length).trim() : typeof query?.['token'] === 'string' ? query['token'] : undefined;
  return {
    ...(bearer === undefined ? {} : { bearer }),
    ...(typeof apiKey === 'string' ? { apiKey } : {}),
    // Basic, Digest…: refused rather than ignored, so a wrong header never passes on another credential.
    ...(header !== undefined && scheme?.toLowerCase() !== 'bearer' ? { unsupported: scheme?.slice(0, 20) ?? '(empty)' } : {}),
  };
}

/**
 * Every route is checked (GET needs viewer, anything else editor, unless the route sets
 * `config.role`): 401 for missing/bad/expired/forged credentials, 403 for a missing role.
 */
export function installAuth(app: FastifyInstance, auth: AuthService): void {
  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config as { role?: Role | 'public' } | undefined;
    // Unknown routes fall to the 404 handler; they reveal nothing, so they need no credentials.
    if (request.routeOptions.url === undefined) return;
    // GraphQL reads go over POST; its mutations check for editor in the resolvers.
    const needed = config?.role ?? (request.method === 'GET' || request.method === 'HEAD' || request.routeOptions.url === '/graphql' ? 'viewer' : 'editor');
    if (needed === 'public') return;
    const principal = await auth.authenticate(credentialsOf(request));
    if (!hasRole(principal, needed)) {
      throw new TwinGraphError(PROTOCOL_ERROR_CODES.FORBIDDEN, `This needs the '${needed}' role; '${principal.subject}' has ${principal.roles.join(', ') || 'none'}`, {
        hint: 'Ask an admin for the role, or use credentials that have it.',
        details: { needed, roles: principal.roles },
      });
    }
    request.principal = principal;
  });

  app.post('/api/auth/token', {
    config: { role: 'public' },
    schema: { tags: ['auth'], summary: 'Exchange a username + password or an API key for a JWT', body: openApiSchema(tokenRequestSchema) },
  }, async (request) => auth.issueToken(parseRequest(tokenRequestSchema, request.body, 'body')));
}
