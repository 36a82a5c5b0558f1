import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { ERROR_CODES, TwinGraphError } from '@twingraph/model';
import { EXIT } from '../exit-codes.js';

const PIPELINE = `import { component, pipeline } from 'twingraph';

// A component is a function of an inputs object returning an object of outputs.
const add = component({ name: 'add' }, ({ a, b }: { a: number; b: number }) => ({ sum: a + b }));
const square = component({ name: 'square', retry: { maxAttempts: 3 } }, ({ value }: { value: number }) => ({ squared: value * value }));

// The pipeline's own code builds the DAG: passing a result (or its outputs) records the parent.
export default pipeline({ name: 'hello-twingraph', maxParallel: 8 }, async () => {
  const first = await add({ a: 1, b: 2 });
  const squares = await Promise.all([1, 2, 3].map((n) => square({ value: n + first.outputs.sum }, { parents: [first] })));
  const total = await add({ a: squares[0]!.outputs.squared, b: squares[1]!.outputs.squared }, { parents: squares });
  return { sum: first.outputs.sum, total: total.outputs.sum };
});
`;

/** `twingraph init [dir]`: a project with one example pipeline. Never overwrites a file. */
export async function initCommand(dir = '.'): Promise<number> {
  const root = resolve(dir);
  await mkdir(root, { recursive: true });
  const files: Record<string, string> = {
    'pipeline.ts': PIPELINE,
    'package.json': `${JSON.stringify({ name: basename(root).toLowerCase().replace(/[^a-z0-9-]/g, '-') || 'twingraph-project', private: true, type: 'module', scripts: { start: 'twingraph run pipeline.ts', lineage: 'twingraph runs list' }, dependencies: { twingraph: '^0.1.0' } }, null, 2)}\n`,
    'tsconfig.json': `${JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true } }, null, 2)}\n`,
    '.gitignore': '.twingraph/\nnode_modules/\n',
  };
  const existing = Object.keys(files).filter((name) => existsSync(join(root, name)));
  if (existing.includes('pipeline.ts')) {
    throw new TwinGraphError(ERROR_CODES.USAGE, `${join(root, 'pipeline.ts')} already exists`, { hint: 'Run init in an empty folder: twingraph init my-project' });
  }
  for (const [name, content] of Object.entries(files)) {
    if (!existing.includes(name)) await writeFile(join(root, name), content);
  }
  process.stdout.write(`Created a TwinGraph project in ${root}\n  ${Object.keys(files).filter((n) => !existing.includes(n)).join('\n  ')}\nNext: cd ${dir} && npm install && npx twingraph run pipeline.ts\n`);
  return EXIT.OK;
}
