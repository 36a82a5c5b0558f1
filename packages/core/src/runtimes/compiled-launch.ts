import type { BuildCache, BuildSpec } from './build-cache.js';
import type { Launch, LaunchContext } from './component-execution.js';

/**
 * Launch of a compiled program (C++, Rust): built once per code hash through the cache, then run with
 * the inputs JSON on stdin; its outputs are the marker line, outputs.json, or the last stdout line
 * that is a JSON object.
 */
export async function prepareCompiledLaunch(cache: BuildCache, spec: BuildSpec, context: LaunchContext): Promise<Launch> {
  const build = await cache.get(spec, context.request);
  return {
    command: build.path,
    args: [],
    install: `a rebuild of the program (delete ${build.path})`,
    stdin: context.inputsJson,
    jsonStdout: true,
    metadata: { buildCached: build.cached },
  };
}
