import { workflowJsonSchema } from '@twingraph/model';
import { EXIT } from '../exit-codes.js';

/** `twingraph schema`: the JSON Schema of workflow documents. */
export function schemaCommand(): number {
  process.stdout.write(`${JSON.stringify(workflowJsonSchema(), null, 2)}\n`);
  return EXIT.OK;
}
