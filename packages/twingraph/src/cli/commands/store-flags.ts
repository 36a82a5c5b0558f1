import type { PartialSettings } from '../../wiring/twingraph-config.js';

export interface StoreFlags {
  store?: string;
  graph?: string;
}

export function storeOverrides(flags: StoreFlags): PartialSettings {
  return {
    ...(flags.store === undefined ? {} : { store: flags.store }),
    ...(flags.graph === undefined ? {} : { graph: flags.graph === 'false' ? false : flags.graph }),
  };
}
