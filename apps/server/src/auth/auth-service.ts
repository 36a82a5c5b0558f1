import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { TwinGraphError } from '@twingraph/model';
import { PROTOCOL_ERROR_CODES, ROLES, type Role, type TokenRequest, type TokenResponse } from '@twingraph/protocol';
import type { ResolvedServerOptions } from '../server-options.js';
import { safeEqual, verifyPassword } from './password-hash.js';

/** Who made a request. */
export interface Principal {
  subject: string;
  roles: readonly Role[];
  /** How they proved it. */
  via: 'jwt' | 'api-key' | 'auth-off';
}

const ISSUER = 'twingraph';
const RANK: Readonly<Record<Role, number>> = { viewer: 0, editor: 1, admin: 2 };

/** The local single-user principal of `TWINGRAPH_AUTH=off`. */
export const LOCAL_PRINCIPAL: Principal = { subject: 'local', roles: ['admin'], via: 'auth-off' };

export function hasRole(principal: Principal, needed: Role): boolean {
  // Roles are ordered: an admin may do what an editor may, an editor what a viewer may.
  return principal.roles.some((role) => RANK[role] >= RANK[needed]);
}

export function unauthenticated(message: string): TwinGraphError {
  return new TwinGraphError(PROTOCOL_ERROR_CODES.UNAUTHENTICATED, message, {
    hint: 'Send `Authorization: Bearer <token>` (from POST /api/auth/token) or `X-API-Key: <key>`.',
  });
}

/** Issues and checks JWTs (HS256, jose) and API keys. */
export class AuthService {
  constructor(private readonly options: ResolvedServerOptions['auth']) {}

  get enabled(): boolean {
    return this.options.mode !== 'off';
  }

  async issueToken(request: TokenRequest): Promise<TokenResponse> {
    const principal = 'apiKey' in request ? this.checkApiKey(request.apiKey) : this.checkPassword(request.username, request.password);
    if (principal === undefined) throw unauthenticated('Wrong username, password or API key');
    const expiresAtSeconds = Math.floor(Date.now() / 1000) + this.options.tokenTtlSeconds;
    const token = await new SignJWT({ roles: [...principal.roles] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(principal.subject)
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime(expiresAtSeconds)
      .sign(this.options.jwtSecret);
    return { token, tokenType: 'Bearer', expiresAt: new Date(expiresAtSeconds * 1000).toISOString(), subject: principal.subject, roles: [...principal.roles] };
  }

  /**
   * The principal for a bearer token or API key; throws ERR_UNAUTHENTICATED. Every credential sent
   * must be valid: a good API key does not excuse a bad or unsupported Authorization header.
   */
  async authenticate(credentials: { bearer?: string | undefined; apiKey?: string | undefined; unsupported?: string | undefined }): Promise<Principal> {
    if (!this.enabled) return LOCAL_PRINCIPAL;
    if (credentials.unsupported !== undefined) throw unauthenticated(`Unsupported Authorization scheme '${credentials.unsupported}'`);
    const fromToken = credentials.bearer === undefined ? undefined : await this.verifyToken(credentials.bearer);
    if (credentials.apiKey !== undefined) {
      const principal = this.checkApiKey(credentials.apiKey);
      if (principal === undefined) throw unauthenticated('Unknown API key');
      return principal;
    }
    if (fromToken === undefined) throw unauthenticated('Authentication required');
    return fromToken;
  }

  private async verifyToken(bearer: string): Promise<Principal> {
    try {
      const { payload } = await jwtVerify(bearer, this.options.jwtSecret, { issuer: ISSUER, algorithms: ['HS256'] });
      const roles = Array.isArray(payload['roles']) ? payload['roles'].filter((r): r is Role => (ROLES as readonly unknown[]).includes(r)) : [];
      return { subject: payload.sub ?? 'unknown', roles, via: 'jwt' };
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw unauthenticated('The token has expired; request a new one');
      throw unauthenticated('The token is not valid (malformed, forged or signed with another secret)');
    }
  }

  private checkApiKey(key: string): Principal | undefined {
    const match = this.options.apiKeys.find((candidate) => safeEqual(candidate.key, key));
    return match === undefined ? undefined : { subject: `key:${match.name}`, roles: match.roles, via: 'api-key' };
  }

  private checkPassword(username: string, password: string): Principal | undefined {
    const user = this.options.users.find((candidate) => candidate.username === username);
    if (user === undefined || !verifyPassword(password, user.passwordHash)) return undefined;
    return { subject: user.username, roles: user.roles, via: 'jwt' };
  }
}
