/**
 * Hash router: `#/path?query`. Tiny on purpose: pages read their parameters with `useRoute()`
 * and move with `navigate()`. Hash routing keeps every URL servable by the SPA fallback and
 * lets a page reload land on the same view.
 */
import { useSyncExternalStore } from 'react';

export interface Route {
  /** Path without the leading `#`, e.g. `/executions/abc`. Always starts with `/`. */
  readonly path: string;
  /** Named parameters of the matched pattern (`:id` → `params.id`). Empty when nothing matched. */
  readonly params: Readonly<Record<string, string>>;
  /** Query string parameters after `?` in the hash. */
  readonly query: Readonly<Record<string, string>>;
  /** The pattern that matched (`/executions/:id`), or undefined. */
  readonly pattern: RoutePattern | undefined;
}

/** Route patterns of the app, most specific first. */
export const ROUTE_PATTERNS = [
  '/',
  '/login',
  '/designer',
  '/designer/:workflowId',
  '/executions',
  '/executions/diff/:a/:b',
  '/executions/:id',
  '/lineage',
] as const;

export type RoutePattern = (typeof ROUTE_PATTERNS)[number];

function matchPattern(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/').filter(Boolean);
  const have = path.split('/').filter(Boolean);
  if (want.length !== have.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] as string;
    const h = have[i] as string;
    if (w.startsWith(':')) params[w.slice(1)] = decodeURIComponent(h);
    else if (w !== h) return undefined;
  }
  return params;
}

/** Parses a hash (`#/a/b?x=1`) into a route. Exported for tests. */
export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '') || '/';
  const [pathPart = '/', queryPart = ''] = raw.split('?', 2);
  const path = pathPart.startsWith('/') ? pathPart : `/${pathPart}`;
  const query: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(queryPart)) query[k] = v;
  // Literal segments win over parameters (`/executions/diff/a/b` before `/executions/:id`).
  for (const pattern of ROUTE_PATTERNS) {
    const params = matchPattern(pattern, path);
    if (params) return { path, params, query, pattern };
  }
  return { path, params: {}, query, pattern: undefined };
}

let current: Route = parseHash(typeof window === 'undefined' ? '' : window.location.hash);
const listeners = new Set<() => void>();

function onHashChange(): void {
  current = parseHash(window.location.hash);
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  if (listeners.size === 0) window.addEventListener('hashchange', onHashChange);
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) window.removeEventListener('hashchange', onHashChange);
  };
}

/** The current route; re-renders the caller when the hash changes. */
export function useRoute(): Route {
  return useSyncExternalStore(subscribe, () => current, () => current);
}

/**
 * Goes to `to` (`/executions/abc`, `/lineage?execution=abc`; a leading `#` is accepted).
 * `replace` swaps the history entry instead of adding one.
 */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const hash = to.startsWith('#') ? to : `#${to.startsWith('/') ? to : `/${to}`}`;
  if (options.replace) {
    window.history.replaceState(null, '', hash);
    onHashChange();
  } else if (window.location.hash !== hash) {
    window.location.hash = hash;
  }
}

/** Builds an href for an `<a>` (`href={href('/executions/' + id)}`). */
export function href(to: string, query?: Record<string, string | number | undefined>): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) qs.set(k, String(v));
  const s = qs.toString();
  return `#${to}${s ? `?${s}` : ''}`;
}
