import { importLegacyWorkflow, isLegacyWorkflow, validateWorkflow } from '@twingraph/model';
import { EXIT } from '../exit-codes.js';
import { createStyle, colourEnabled } from '../progress/terminal-style.js';
import { readDocument } from '../read-document.js';

/** `twingraph validate <file>`: every problem of a workflow document at once; exit 2 when there are any. */
export async function validateCommand(file: string, options: { json?: boolean }): Promise<number> {
  let document = await readDocument(file);
  // A TwinGraph 2.0 designer document is checked as what `twingraph run` would run: its conversion.
  if (isLegacyWorkflow(document)) {
    const imported = importLegacyWorkflow(document);
    for (const warning of imported.warnings) process.stderr.write(`warning: ${warning}\n`);
    document = imported.document;
  }
  const result = validateWorkflow(document);
  if (options.json === true) {
    process.stdout.write(`${JSON.stringify({ valid: result.ok, problems: result.problems }, null, 2)}\n`);
    return result.ok ? EXIT.OK : EXIT.USAGE;
  }
  const s = createStyle(colourEnabled(process.stdout));
  if (result.ok) {
    process.stdout.write(`${s.green('✓')} ${file} is a valid workflow (${result.document.nodes.length} nodes, ${result.document.edges.length} edges)\n`);
    return EXIT.OK;
  }
  const lines = [`${s.red('✗')} ${file}: ${result.problems.length} problem(s)`];
  for (const problem of result.problems) {
    lines.push(`  ${problem.path}  ${s.bold(problem.code)}  ${problem.message}`);
    if (problem.hint !== undefined) lines.push(`    ${s.dim(`hint: ${problem.hint}`)}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  return EXIT.USAGE;
}
