let lastMs = -1;
let lastText = '';

/**
 * `new Date(ms).toISOString()`, remembered for the last millisecond: many fast components finish
 * within the same millisecond, and formatting dates was a tenth of the engine's per-task cost.
 */
export function isoTime(ms: number): string {
  if (ms !== lastMs) {
    lastMs = ms;
    lastText = new Date(ms).toISOString();
  }
  return lastText;
}
