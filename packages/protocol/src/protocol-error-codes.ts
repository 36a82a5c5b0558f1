/**
 * Error codes only the HTTP / WebSocket transport raises (the engine's own codes are ERROR_CODES in
 * @twingraph/model). Stable: clients branch on them, never on message text.
 */
export const PROTOCOL_ERROR_CODES = {
  /** No credentials, or a token that is malformed, forged or expired. */
  UNAUTHENTICATED: 'ERR_UNAUTHENTICATED',
  /** Valid credentials without the role the route needs. */
  FORBIDDEN: 'ERR_FORBIDDEN',
  /** The request body or query does not match the route's schema, or is not valid JSON. */
  BAD_REQUEST: 'ERR_BAD_REQUEST',
  /** The request body is larger than the server's body limit. */
  PAYLOAD_TOO_LARGE: 'ERR_PAYLOAD_TOO_LARGE',
  /** Too many requests from this client in the rate-limit window. */
  RATE_LIMITED: 'ERR_RATE_LIMITED',
  /** The request conflicts with the resource's state (e.g. stopping a finished execution). */
  CONFLICT: 'ERR_CONFLICT',
  /** A WebSocket resume asked for events older than the server still buffers. */
  RESUME_GAP: 'ERR_RESUME_GAP',
  /** The route does not exist. */
  ROUTE_NOT_FOUND: 'ERR_ROUTE_NOT_FOUND',
  /** The path exists but not with this HTTP method; the `Allow` header lists the methods it has. */
  METHOD_NOT_ALLOWED: 'ERR_METHOD_NOT_ALLOWED',
} as const;

export type ProtocolErrorCode = (typeof PROTOCOL_ERROR_CODES)[keyof typeof PROTOCOL_ERROR_CODES];
