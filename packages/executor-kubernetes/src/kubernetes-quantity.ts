/** Kubernetes resource quantity syntax (k8s.io/apimachinery resource.Quantity). */
export const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)(([KMGTPE]i)|[numkMGTPE]|([eE][+-]?\d+))?$/;

const BINARY: Record<string, number> = { K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 };
const DECIMAL: Record<string, number> = { K: 1e3, M: 1e6, G: 1e9, T: 1e12 };

/**
 * A component's `resources.memory` (bytes, or TwinGraph's size syntax: '512Mi', '2G', '1.5 GiB') as a
 * Kubernetes quantity. Sizes Kubernetes spells the same way stay as written; the rest become bytes.
 */
export function memoryQuantity(memory: number | string): { quantity: string } | { problem: string } {
  if (typeof memory === 'number') {
    return Number.isInteger(memory) && memory > 0 ? { quantity: String(memory) } : { problem: `must be a positive whole number of bytes, got ${memory}` };
  }
  const text = memory.trim();
  if (QUANTITY.test(text) && !/[numkE]$|[eE][+-]?\d+$/.test(text) && !/^[+-]/.test(text)) return { quantity: text };
  const match = /^(\d+(?:\.\d+)?)\s*([KMGT])?(i)?B?$/i.exec(text);
  if (match === null) return { problem: `'${memory}' is not a size like '512Mi' or '2G'` };
  const unit = match[2]?.toUpperCase();
  const factor = unit === undefined ? 1 : (match[3] === undefined ? DECIMAL : BINARY)[unit]!;
  const bytes = Math.round(Number(match[1]) * factor);
  return bytes > 0 ? { quantity: String(bytes) } : { problem: `'${memory}' is zero` };
}

/** A component's `resources.cpu` (CPUs as a number, or '500m') as a Kubernetes quantity. */
export function cpuQuantity(cpu: number | string): { quantity: string } | { problem: string } {
  if (typeof cpu === 'number') {
    if (!(cpu > 0) || !Number.isFinite(cpu)) return { problem: `must be a positive number of CPUs, got ${cpu}` };
    const milli = Math.round(cpu * 1000);
    return milli % 1000 === 0 ? { quantity: String(milli / 1000) } : { quantity: `${milli}m` };
  }
  const text = cpu.trim();
  if (!/^(\d+(\.\d+)?|\.\d+)m?$/.test(text) || Number(text.replace(/m$/, '')) === 0) return { problem: `'${cpu}' is not a CPU amount like 1, 0.5 or '500m'` };
  return { quantity: text };
}
