import { canonicalJson, isPlainObject } from '@twingraph/model';
import { isBlobRef, type BlobRef, type BlobStore } from '../ports/blob-store.js';

/** Default output value size over which the value is stored as a blob: 5 MiB of JSON (UTF-8). */
export const DEFAULT_LARGE_VALUE_BYTES = 5 * 1024 * 1024;

/**
 * Canonical JSON of a blob reference starts like this (keys are sorted, `$ref` first), so a node
 * whose canonical inputs lack it has nothing to resolve.
 */
const REF_MARKER = '"$ref":"blob://';
/** Shortest canonical JSON that can hold a sha256 ref: `{"$ref":"blob://sha256/<64 hex>"}`. */
const MIN_REF_JSON = 88;

/**
 * Large data (DESIGN.md §3): output values over `limitBytes` of JSON are kept in the BlobStore and
 * travel as `{"$ref": "blob://sha256/<hex>", "size": n}`; the engine resolves such refs in the inputs
 * of every component before it runs, so components (in any language) see the value itself.
 */
export class LargeValues {
  /**
   * Outputs whose canonical JSON is at most this many UTF-16 units cannot hold a value over the
   * limit (a unit is at most 3 UTF-8 bytes): the common case is one comparison.
   */
  readonly gateLength: number;

  constructor(
    readonly store: BlobStore,
    readonly limitBytes: number = DEFAULT_LARGE_VALUE_BYTES,
  ) {
    this.gateLength = Math.floor(limitBytes / 3);
  }

  /**
   * Stores each output value whose JSON is over the limit and returns the outputs with refs in
   * their place; `json` is the canonical JSON of all outputs, already computed by the caller.
   * Returns the same object when nothing is over the limit.
   */
  async offload(outputs: Record<string, unknown>, json: string): Promise<Record<string, unknown>> {
    if (Buffer.byteLength(json) <= this.limitBytes) return outputs;
    let result = outputs;
    for (const key of Object.keys(outputs)) {
      const value = outputs[key];
      // Numbers, booleans and null are small; a value that already is a ref stays one.
      if (value === null || (typeof value !== 'object' && typeof value !== 'string') || isBlobRef(value)) continue;
      const bytes = Buffer.from(canonicalJson(value, `output '${key}'`));
      if (bytes.byteLength <= this.limitBytes) continue;
      const ref = await this.store.put(bytes);
      if (result === outputs) result = { ...outputs };
      result[key] = { $ref: ref.$ref, size: bytes.byteLength } satisfies BlobRef;
    }
    return result;
  }

  /** Values with every blob ref (top level or nested in objects and arrays) replaced by its value. */
  async resolve(values: Record<string, unknown>): Promise<Record<string, unknown>> {
    const loaded = new Map<string, Promise<unknown>>();
    const load = (ref: BlobRef): Promise<unknown> => {
      let value = loaded.get(ref.$ref);
      if (value === undefined) {
        value = this.store.get(ref).then((bytes) => JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')) as unknown);
        loaded.set(ref.$ref, value);
      }
      return value;
    };
    return (await resolveIn(values, load)) as Record<string, unknown>;
  }
}

/** True when canonical input JSON may contain a blob ref: a cheap test on a string the engine already has. */
export function mayHoldBlobRefs(canonicalJsonText: string): boolean {
  return canonicalJsonText.length >= MIN_REF_JSON && canonicalJsonText.includes(REF_MARKER);
}

/** Copy-on-write walk over plain objects and arrays; other objects (streams, Dates) are left alone. */
async function resolveIn(value: unknown, load: (ref: BlobRef) => Promise<unknown>): Promise<unknown> {
  if (isBlobRef(value)) return load(value);
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item !== 'object' || item === null) continue;
      const next = await resolveIn(item, load);
      if (next !== item) (copy ??= value.slice())[i] = next;
    }
    return copy ?? value;
  }
  if (!isPlainObject(value)) return value;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(value)) {
    const item = value[key];
    if (typeof item !== 'object' || item === null) continue;
    const next = await resolveIn(item, load);
    if (next !== item) (copy ??= { ...value })[key] = next;
  }
  return copy ?? value;
}
