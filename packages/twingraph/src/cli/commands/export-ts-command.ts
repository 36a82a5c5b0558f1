import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { EXIT } from '../exit-codes.js';
import { exportTypeScript } from '../export/typescript-export.js';
import { readDocument } from '../read-document.js';

/** `twingraph export-ts <workflow> [-o out.ts]`: writes the equivalent code-first pipeline (stdout without -o). */
export async function exportTsCommand(file: string, options: { output?: string }): Promise<number> {
  const { source, warnings } = exportTypeScript(await readDocument(file), basename(file));
  for (const warning of warnings) process.stderr.write(`warning: ${warning}\n`);
  if (options.output === undefined) {
    process.stdout.write(source);
  } else {
    await writeFile(options.output, source, 'utf8');
    process.stderr.write(`wrote ${options.output}\n`);
  }
  return EXIT.OK;
}
