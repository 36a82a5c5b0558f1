import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ERROR_CODES, TwinGraphError } from '@twingraph/model';

let tsxRegistered = false;

/** Imports modules that define components (registering them), TypeScript through tsx like `twingraph run`. */
export async function importComponentModules(files: readonly string[]): Promise<void> {
  for (const file of files) {
    const path = resolve(file);
    if (!existsSync(path)) throw new TwinGraphError(ERROR_CODES.MODULE_LOAD_FAILED, `No such file: ${path}`, { hint: 'Check the --import path (relative to the current directory).' });
    if (!tsxRegistered && /\.(c|m)?tsx?$/.test(path)) {
      const { register } = await import('tsx/esm/api');
      register();
      tsxRegistered = true;
    }
    try {
      await import(pathToFileURL(path).href);
    } catch (error) {
      throw new TwinGraphError(ERROR_CODES.MODULE_LOAD_FAILED, `Could not load ${file}: ${error instanceof Error ? error.message : String(error)}`, {
        hint: 'Fix the error in the module (run it with `npx tsx` to see the full stack).',
        cause: error,
      });
    }
  }
}
