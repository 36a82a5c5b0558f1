// The component runtime protocol (DESIGN.md §3), shared by every language runtime.

/** A stdout line starting with this marker carries the outputs as JSON: `::twingraph-outputs::{"a":1}`. */
export const OUTPUTS_MARKER = '::twingraph-outputs::';

/**
 * Internal: TwinGraph's own harnesses print this marker with error data (`{code, message, ...}`) when
 * they cannot report outputs (e.g. the returned value is not JSON-serializable). Not for user code.
 */
export const ERROR_MARKER = '::twingraph-error::';

/** Inputs file, written in the work dir before the component starts. */
export const INPUTS_FILE = 'inputs.json';

/** Outputs file a component may write in its work dir instead of printing the marker line. */
export const OUTPUTS_FILE = 'outputs.json';

/** Folder inside the work dir for TwinGraph's own files (user code, harness, bash inputs). */
export const TWINGRAPH_DIR = '.twingraph';

/** Environment variables every code component receives. */
export const ENV = {
  workDir: 'TWINGRAPH_WORK_DIR',
  inputsFile: 'TWINGRAPH_INPUTS_FILE',
  outputsFile: 'TWINGRAPH_OUTPUTS_FILE',
  /** The inputs JSON itself, only when smaller than the inline limit (64 KiB by default). */
  inputs: 'TWINGRAPH_INPUTS',
  runId: 'TWINGRAPH_RUN_ID',
  executionId: 'TWINGRAPH_EXECUTION_ID',
  component: 'TWINGRAPH_COMPONENT',
  attempt: 'TWINGRAPH_ATTEMPT',
} as const;
