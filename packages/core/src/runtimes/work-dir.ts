import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { INPUTS_FILE, TWINGRAPH_DIR } from './protocol.js';

export interface WorkDir {
  /** The component's cwd; holds inputs.json and (maybe) outputs.json. */
  readonly path: string;
  /** `<path>/.twingraph`: user code, harness and other TwinGraph files. */
  readonly internal: string;
}

/** Creates a fresh work dir under `base` with inputs.json written. */
export async function createWorkDir(base: string, component: string, inputsJson: string): Promise<WorkDir> {
  await mkdir(base, { recursive: true });
  const path = await mkdtemp(join(base, `${safeName(component)}-`));
  const internal = join(path, TWINGRAPH_DIR);
  await mkdir(internal);
  await writeFile(join(path, INPUTS_FILE), inputsJson);
  return { path, internal };
}

export async function removeWorkDir(workDir: WorkDir): Promise<void> {
  await rm(workDir.path, { recursive: true, force: true, maxRetries: 2 });
}

/** A string safe in file names: letters, digits, `-`, `_`, at most 40 characters. */
export function safeName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 40);
  return cleaned === '' ? 'component' : cleaned;
}
