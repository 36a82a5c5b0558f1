import type { CachedResult, ResultCache } from '../ports/result-cache.js';

export interface InMemoryResultCacheOptions {
  /** How long an entry lives, ms. @defaultValue 86400000 (a day) */
  ttlMs?: number;
}

/** ResultCache in this process's memory (tests, one-process set-ups). */
export class InMemoryResultCache implements ResultCache {
  private readonly entries = new Map<string, { result: CachedResult; expiresAt: number }>();
  private readonly ttlMs: number;

  constructor(options: InMemoryResultCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? 86_400_000;
  }

  get(hash: string): Promise<CachedResult | undefined> {
    const entry = this.entries.get(hash);
    if (entry !== undefined && entry.expiresAt <= Date.now()) this.entries.delete(hash);
    return Promise.resolve(entry !== undefined && entry.expiresAt > Date.now() ? entry.result : undefined);
  }

  set(hash: string, result: CachedResult): Promise<void> {
    this.entries.set(hash, { result, expiresAt: Date.now() + this.ttlMs });
    return Promise.resolve();
  }
}
