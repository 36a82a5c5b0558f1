const SUFFIX: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** The numeric value of a valid Kubernetes quantity ('500m' → 0.5, '1Gi' → 1073741824, '1e3' → 1000). */
export function quantityValue(text: string): number {
  const match = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(.*)$/.exec(text.trim());
  if (match === null) return Number.NaN;
  const suffix = match[2]!;
  if (/^[eE][+-]?\d+$/.test(suffix)) return Number(`${match[1]!}${suffix}`);
  const factor = SUFFIX[suffix];
  return factor === undefined ? Number.NaN : Number(match[1]) * factor;
}
