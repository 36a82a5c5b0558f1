const UNITS: Readonly<Record<string, number>> = {
  '': 1,
  k: 1e3, m: 1e6, g: 1e9, t: 1e12,
  ki: 2 ** 10, mi: 2 ** 20, gi: 2 ** 30, ti: 2 ** 40,
};

/**
 * Bytes of a memory size: a whole number of bytes, or a string like `'512Mi'` (binary: Ki, Mi, Gi, Ti)
 * or `'2G'` / `'2GB'` (decimal: K, M, G, T, as Kubernetes reads them). Returns a problem text
 * when the value is not a size.
 */
export function parseMemorySize(value: unknown): { bytes: number } | { problem: string } {
  if (typeof value === 'number') {
    return Number.isInteger(value) && value > 0 ? { bytes: value } : { problem: `must be a positive whole number of bytes, got ${value}` };
  }
  if (typeof value !== 'string') return { problem: `must be a number of bytes or a string like '512Mi', got ${typeof value}` };
  const match = /^(\d+(?:\.\d+)?)\s*([kmgt]i?)?b?$/i.exec(value.trim());
  if (match === null) return { problem: `'${value}' is not a memory size (use e.g. '512Mi', '2Gi', '1G' or a number of bytes)` };
  const unit = UNITS[(match[2] ?? '').toLowerCase()] ?? 1;
  const bytes = Math.round(Number(match[1]) * unit);
  return bytes > 0 ? { bytes } : { problem: `'${value}' is zero bytes` };
}

/** NanoCPUs of a CPU amount: a number of CPUs (`1.5`) or a Kubernetes millicore string (`'500m'`). */
export function parseCpu(value: unknown): { nanoCpus: number } | { problem: string } {
  let cpus: number;
  if (typeof value === 'number') cpus = value;
  else if (typeof value === 'string' && /^\d+(\.\d+)?m$/.test(value.trim())) cpus = Number(value.trim().slice(0, -1)) / 1000;
  else if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim())) cpus = Number(value.trim());
  else return { problem: `'${String(value)}' is not a CPU amount (use e.g. 1, 0.5 or '500m')` };
  const nanoCpus = Math.round(cpus * 1e9);
  return Number.isFinite(nanoCpus) && nanoCpus > 0 ? { nanoCpus } : { problem: `must be more than 0 CPUs, got ${String(value)}` };
}
