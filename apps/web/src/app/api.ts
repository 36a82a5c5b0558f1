import { TwinGraphClient } from '@twingraph/client';
import { useApiStatus } from './api-status-store.js';
import { currentToken, useSession } from './session-store.js';

/**
 * fetch with the app's bookkeeping around it: a network failure or a 502/503/504 raises the
 * "API unreachable" banner, any answer lowers it, and a 401 outside the login call sends the
 * user to the login page. Every page's calls go through it, so none of them has to.
 */
const trackedFetch: typeof fetch = async (input, init) => {
  let response: Response;
  try {
    response = await fetch(input, init);
  } catch (error) {
    if (!(init?.signal?.aborted ?? false)) useApiStatus.getState().markDown(error instanceof Error ? error.message : String(error));
    throw error;
  }
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (response.status === 502 || response.status === 504 || (response.status === 503 && !url.includes('/health'))) {
    useApiStatus.getState().markDown(`the server answered ${response.status}`);
  } else {
    useApiStatus.getState().markUp();
  }
  if (response.status === 401 && !url.includes('/api/auth/token')) useSession.getState().requireAuth();
  return response;
};

/** The app's one API client (same origin; the token comes from the session at call time). */
export const api = new TwinGraphClient({ baseUrl: '', token: () => currentToken(), fetch: trackedFetch, timeoutMs: 20_000 });
