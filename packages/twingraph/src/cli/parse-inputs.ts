import { ERROR_CODES, TwinGraphError } from '@twingraph/model';

/** `--input k=v` pairs: values that parse as JSON are used as such, anything else is a string. */
export function parseInputPairs(pairs: readonly string[]): Record<string, unknown> | undefined {
  if (pairs.length === 0) return undefined;
  const inputs: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) {
      throw new TwinGraphError(ERROR_CODES.USAGE, `--input '${pair}' is not key=value`, { hint: 'Write inputs as --input name=value (JSON values allowed: --input n=3).' });
    }
    const raw = pair.slice(eq + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      // Not JSON: keep the text.
    }
    inputs[pair.slice(0, eq)] = value;
  }
  return inputs;
}
