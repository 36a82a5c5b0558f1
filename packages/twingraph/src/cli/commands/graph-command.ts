import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ERROR_CODES, TwinGraphError } from '@twingraph/model';
import type { LineageStore } from '@twingraph/core';
import { getDefaultEngine } from '../../wiring/default-engine.js';
import { importGraphson } from '../../graph-transfer/graphson-import.js';
import { exportGraphson, type TransferCounts } from '../../graph-transfer/graphson-writer.js';
import { EXIT } from '../exit-codes.js';
import { storeOverrides, type StoreFlags } from './store-flags.js';

export interface GraphTransferOptions extends StoreFlags {
  out?: string;
  in?: string;
  partition?: string;
  json?: boolean;
}

/** `twingraph graph export --out file.json`: the lineage store as GraphSON 3.0 (Gremlin tools read it). */
export async function graphExportCommand(options: GraphTransferOptions): Promise<number> {
  const out = required(options.out, '--out <file.json>');
  const store = await lineageStore(options);
  const counts = await exportGraphson(store, resolve(out), options.partition === undefined ? {} : { partition: options.partition });
  report('exported', counts, out, options.json === true);
  return EXIT.OK;
}

/** `twingraph graph import --in file.json`: GraphSON into the lineage store (SQLite, Gremlin, PostgreSQL…). */
export async function graphImportCommand(options: GraphTransferOptions): Promise<number> {
  const file = required(options.in, '--in <file.json>');
  if (!existsSync(file)) throw new TwinGraphError(ERROR_CODES.NOT_FOUND, `No GraphSON file at ${resolve(file)}`, { hint: 'Write one with `twingraph graph export --out <file>` and pass its path to --in.', details: { path: resolve(file) } });
  const store = await lineageStore(options);
  const counts = await importGraphson(store, resolve(file), options.partition === undefined ? {} : { partition: options.partition });
  report('imported', counts, file, options.json === true);
  return EXIT.OK;
}

async function lineageStore(options: StoreFlags): Promise<LineageStore> {
  const engine = await getDefaultEngine({ overrides: storeOverrides(options) });
  if (engine.lineageStore === undefined) {
    throw new TwinGraphError(ERROR_CODES.USAGE, 'Lineage is turned off (--graph false): there is no graph to export or import', {
      hint: 'Pass --graph <sqlite path | gremlin://host:8182 | …>, or leave it out for the default SQLite store.',
    });
  }
  return engine.lineageStore;
}

function required(value: string | undefined, flag: string): string {
  if (value !== undefined && value !== '') return value;
  throw new TwinGraphError(ERROR_CODES.USAGE, `Missing ${flag}`, { hint: 'See twingraph graph --help.' });
}

function report(verb: string, counts: TransferCounts, file: string, json: boolean): void {
  if (json) process.stdout.write(`${JSON.stringify({ file, ...counts })}\n`);
  else process.stdout.write(`${verb} ${counts.pipelines} pipeline(s), ${counts.components} component(s), ${counts.edges} edge(s) ${verb === 'exported' ? 'to' : 'from'} ${file}\n`);
}
