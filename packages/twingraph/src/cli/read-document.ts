import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { ERROR_CODES, TwinGraphError } from '@twingraph/model';

/** Reads a JSON or YAML workflow document (by extension; YAML also parses JSON). */
export async function readDocument(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new TwinGraphError(ERROR_CODES.MODULE_LOAD_FAILED, `Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`, { hint: 'Check the path of the workflow file.' });
  }
  try {
    return /\.ya?ml$/i.test(file) ? (parseYaml(text) as unknown) : (JSON.parse(text) as unknown);
  } catch (error) {
    throw new TwinGraphError(ERROR_CODES.VALIDATION, `${file} is not valid ${/\.ya?ml$/i.test(file) ? 'YAML' : 'JSON'}: ${error instanceof Error ? error.message : String(error)}`, {
      hint: 'Fix the syntax error at the position given.',
    });
  }
}
