/** RFC3339 (seconds or fractional) → nanoseconds since the epoch. */
export function nanosOf(text: string): bigint {
  const match = /^(.*?)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/.exec(text);
  if (match === null) return 0n;
  const ms = Date.parse(`${match[1]!}${match[3]!}`);
  return Number.isNaN(ms) ? 0n : BigInt(ms) * 1_000_000n + BigInt((match[2] ?? '').padEnd(9, '0'));
}
