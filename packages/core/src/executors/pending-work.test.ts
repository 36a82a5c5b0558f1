import { describe, expect, it } from 'vitest';
import { PendingWork } from './pending-work.js';

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (error: Error) => void } {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('PendingWork', () => {
  it('settles once every tracked promise has settled, rejected ones included, and work tracked meanwhile', async () => {
    const pending = new PendingWork();
    const first = deferred();
    const failing = deferred();
    const later = deferred();
    pending.track(first.promise);
    pending.track(failing.promise);
    void failing.promise.catch(() => undefined); // the caller handles its outcome
    expect(pending.size).toBe(2);
    let done = false;
    const settled = pending.settled().then(() => (done = true));
    first.resolve();
    failing.reject(new Error('cleanup failed'));
    pending.track(later.promise);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(done).toBe(false);
    later.resolve();
    await settled;
    expect(pending.size).toBe(0);
  });

  it('settles at once when nothing is tracked', async () => {
    await expect(new PendingWork().settled()).resolves.toBeUndefined();
  });
});
