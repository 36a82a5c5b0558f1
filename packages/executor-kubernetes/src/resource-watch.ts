import type * as K8s from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

interface Watched {
  metadata?: { resourceVersion?: string };
  code?: number;
}

/**
 * Watches `path` (a list URL with label/field selectors) until `signal` aborts, re-opening the watch
 * when the server closes it (API servers end watches after minutes) from the last resourceVersion
 * seen, and from scratch when that version is too old (410 Gone). Rejects after `maxFailures`
 * consecutive failed connections, so an unreachable cluster surfaces instead of hanging.
 */
export async function watchResource<T extends Watched>(
  kc: KubeConfig,
  k8s: typeof K8s,
  path: string,
  query: Record<string, string>,
  onEvent: (type: WatchEventType, object: T) => void,
  signal: AbortSignal,
  maxFailures = 5,
): Promise<void> {
  const watch = new k8s.Watch(kc);
  let resourceVersion: string | undefined;
  let failures = 0;
  while (!signal.aborted) {
    let gone = false;
    let events = 0;
    const opened = Date.now();
    const ended = await new Promise<unknown>((resolve) => {
      let controller: AbortController | undefined;
      const stop = (): void => controller?.abort();
      signal.addEventListener('abort', stop, { once: true });
      watch
        .watch(
          path,
          { ...query, allowWatchBookmarks: 'true', ...(resourceVersion === undefined ? {} : { resourceVersion }) },
          (type: string, object: T) => {
            failures = 0;
            events++;
            if (type === 'ERROR') {
              if (object.code === 410) gone = true;
              return;
            }
            if (object.metadata?.resourceVersion !== undefined) resourceVersion = object.metadata.resourceVersion;
            if (type !== 'BOOKMARK') onEvent(type as WatchEventType, object);
          },
          (error: unknown) => {
            signal.removeEventListener('abort', stop);
            resolve(error);
          },
        )
        .then(
          (c) => {
            controller = c;
            if (signal.aborted) c.abort();
          },
          (error: unknown) => {
            signal.removeEventListener('abort', stop);
            resolve(error);
          },
        );
    });
    if (signal.aborted) return;
    if (gone || (ended as { statusCode?: number } | null)?.statusCode === 410) {
      resourceVersion = undefined;
      continue;
    }
    // A server (or proxy) that ends every watch at once must not make this loop spin.
    if (events === 0 && Date.now() - opened < 1000) await delay(500, signal);
    if (ended !== null && ended !== undefined && !isAbort(ended)) {
      // Credentials, RBAC and a missing namespace do not heal by reconnecting.
      if ([401, 403, 404].includes((ended as { statusCode?: number }).statusCode ?? 0)) throw ended;
      failures++;
      if (failures >= maxFailures) throw ended;
      await delay(Math.min(200 * 2 ** failures, 3000), signal);
    }
  }
}

function isAbort(error: unknown): boolean {
  return (error as { name?: string }).name === 'AbortError';
}

export function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
