import { z } from 'zod';

export const ROLES = ['viewer', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Body of `POST /api/auth/token`: a username + password, or an API key. */
export const tokenRequestSchema = z.union([
  z.strictObject({ username: z.string().min(1).max(200), password: z.string().min(1).max(1000) }),
  z.strictObject({ apiKey: z.string().min(1).max(1000) }),
]);
export type TokenRequest = z.infer<typeof tokenRequestSchema>;

export interface TokenResponse {
  token: string;
  tokenType: 'Bearer';
  expiresAt: string;
  subject: string;
  roles: Role[];
}
