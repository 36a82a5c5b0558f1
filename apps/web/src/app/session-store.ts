import { create } from 'zustand';

const STORAGE_KEY = 'twingraph.session';

export interface Session {
  readonly token: string;
  readonly subject: string;
  readonly roles: readonly string[];
  /** ISO time the token stops working. */
  readonly expiresAt: string;
}

interface SessionState {
  /** The signed-in session, or undefined (auth off, or not signed in yet). */
  session: Session | undefined;
  /** True once the server answered 401: the app shows the login page. */
  authRequired: boolean;
  signIn(session: Session): void;
  signOut(): void;
  requireAuth(): void;
}

function load(): Session | undefined {
  try {
    const raw = window.localStorage.getItem(STORAGE_KEY);
    if (!raw) return undefined;
    const s = JSON.parse(raw) as Session;
    // An expired token would only earn a 401 on the first call: drop it up front.
    return Date.parse(s.expiresAt) > Date.now() ? s : undefined;
  } catch {
    return undefined;
  }
}

/** The JWT and who it belongs to, kept in localStorage so a reload stays signed in. */
export const useSession = create<SessionState>((set) => ({
  session: load(),
  authRequired: false,
  signIn(session) {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    set({ session, authRequired: false });
  },
  signOut() {
    window.localStorage.removeItem(STORAGE_KEY);
    set({ session: undefined });
  },
  requireAuth() {
    window.localStorage.removeItem(STORAGE_KEY);
    set({ session: undefined, authRequired: true });
  },
}));

/** The current token for API calls (read at call time, so a new sign-in applies at once). */
export function currentToken(): string | undefined {
  return useSession.getState().session?.token;
}
