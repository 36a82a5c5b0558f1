import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Launch } from './component-execution.js';
import { JAVASCRIPT_FILES, JAVASCRIPT_HARNESS } from './javascript-harness.js';
import type { ResolvedRuntimeOptions } from './runtime-options.js';
import type { WorkDir } from './work-dir.js';

/** Writes an ES module and the harness into the work dir and says how to run them in a child `node`. */
export async function prepareNodeLaunch(
  options: ResolvedRuntimeOptions,
  workDir: WorkDir,
  moduleCode: string,
  nodeArgs: readonly string[] = [],
): Promise<Launch> {
  const harness = join(workDir.internal, JAVASCRIPT_FILES.harness);
  await Promise.all([writeFile(harness, JAVASCRIPT_HARNESS), writeFile(join(workDir.internal, JAVASCRIPT_FILES.component), moduleCode)]);
  return { command: options.node, args: [...nodeArgs, harness], install: `Node.js (${options.node})` };
}
