/** What a masked secret value is replaced with. */
export const SECRET_MASK = '***';

/**
 * Replaces every secret value it was given by `***` in text and in JSON-like values. One masker per
 * engine: a value resolved for any run stays masked in every later log line, error and event.
 * Values are matched longest first, so a secret that contains another is masked whole.
 */
export class SecretMasker {
  private readonly values = new Set<string>();
  private pattern: RegExp | undefined;

  /** True while no value was added: callers skip masking work entirely. */
  get empty(): boolean {
    return this.values.size === 0;
  }

  /** Registers a resolved value (and each of its lines, since logs arrive line by line). */
  add(value: string): void {
    const before = this.values.size;
    for (const part of [value, ...value.split(/\r?\n/)]) {
      const trimmed = part.trim();
      // Empty or whitespace-only parts would mask every space of every log line.
      if (trimmed.length === 0) continue;
      this.values.add(trimmed);
      // As it appears inside serialized JSON (quotes, backslashes, control characters escaped).
      const escaped = JSON.stringify(trimmed).slice(1, -1);
      if (escaped !== trimmed) this.values.add(escaped);
    }
    if (this.values.size !== before) this.pattern = undefined;
  }

  mask(text: string): string {
    if (this.values.size === 0) return text;
    this.pattern ??= new RegExp([...this.values].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|'), 'g');
    return text.replace(this.pattern, SECRET_MASK);
  }

  /** A copy of `value` with every string (keys included) masked; the same object when nothing changed. */
  maskDeep<T>(value: T): T {
    if (this.values.size === 0) return value;
    return maskValue(value, this) as T;
  }
}

function maskValue(value: unknown, masker: SecretMasker): unknown {
  if (typeof value === 'string') return masker.mask(value);
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((item) => {
      const masked = maskValue(item, masker);
      if (masked !== item) changed = true;
      return masked;
    });
    return changed ? out : value;
  }
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const maskedKey = masker.mask(key);
      const masked = maskValue(item, masker);
      if (masked !== item || maskedKey !== key) changed = true;
      out[maskedKey] = masked;
    }
    return changed ? out : value;
  }
  return value;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
