import { Writable } from 'node:stream';
import type * as K8s from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';
import { LineSplitter } from '@twingraph/core';
import { delay } from './resource-watch.js';

/**
 * Follows one container's log (`follow=true&timestamps=true`) and hands each line, timestamp removed,
 * to `onLine` as it arrives. A follow stream can end before the container does (API server or kubelet
 * restarts, idle proxies); then `until()` says whether the container is done, and if not the log is
 * re-opened from the last second seen, skipping lines at or before the last timestamp delivered.
 * Resolves once the container has ended and its log has been read to the end.
 */
export async function followPodLog(
  kc: KubeConfig,
  k8s: typeof K8s,
  target: { namespace: string; pod: string; container: string },
  onLine: (line: string) => void,
  container: { done(): boolean; ended: Promise<void> },
  signal: AbortSignal,
): Promise<void> {
  const log = new k8s.Log(kc);
  // Lines at or before `cutoff` were delivered by an earlier pass.
  let cutoff: bigint | undefined;
  let last: bigint | undefined;
  let errors = 0;
  while (!signal.aborted) {
    const doneBefore = container.done();
    const splitter = new LineSplitter((raw) => {
      const space = raw.indexOf(' ');
      const stamp = space > 0 ? nanos(raw.slice(0, space)) : undefined;
      if (stamp === undefined) {
        onLine(raw);
        return;
      }
      if (cutoff !== undefined && stamp <= cutoff) return;
      last = stamp;
      onLine(raw.slice(space + 1));
    });
    const sinceTime = cutoff === undefined ? undefined : secondsText(cutoff);
    const finished = new Promise<void>((resolve, reject) => {
      const sink = new Writable({
        write(chunk: Buffer, _encoding, callback) {
          splitter.push(chunk);
          callback();
        },
        final(callback) {
          splitter.end();
          callback();
          resolve();
        },
      });
      sink.on('error', reject);
      log.log(target.namespace, target.pod, target.container, sink, { follow: true, timestamps: true, ...(sinceTime === undefined ? {} : { sinceTime }) }).then((controller) => {
        const stop = (): void => {
          controller.abort();
          resolve();
        };
        if (signal.aborted) stop();
        else signal.addEventListener('abort', stop, { once: true });
        sink.once('finish', () => signal.removeEventListener('abort', stop));
      }, reject);
    });
    try {
      await finished;
      errors = 0;
    } catch (error) {
      const status = (error as { code?: unknown }).code;
      // Gone (deleted, evicted): the watches say what happened. Not allowed: say so now.
      if (status === 404) return;
      if (status === 401 || status === 403) throw error;
      // 400 "container is waiting to start" right after a restart: try again a few times.
      if (++errors >= 10) throw error;
      await delay(300 * errors, signal);
      continue;
    }
    cutoff = last;
    // Opened after the container ended: the stream held the whole log.
    if (doneBefore) return;
    // Ended with the container (the usual case), or early: wait briefly for the Pod watch to say which.
    await Promise.race([container.ended, delay(1000, signal)]);
  }
}

/** RFC3339(Nano) → nanoseconds since the epoch; undefined when the text is not a timestamp. */
export function nanos(text: string): bigint | undefined {
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/.exec(text);
  if (match === null) return undefined;
  const seconds = Date.parse(`${match[1]!}${match[3]!}`);
  if (Number.isNaN(seconds)) return undefined;
  return BigInt(seconds) * 1_000_000n + BigInt((match[2] ?? '').padEnd(9, '0'));
}

function secondsText(value: bigint): string {
  return new Date(Number(value / 1_000_000n)).toISOString().replace(/\.\d+Z$/, 'Z');
}
