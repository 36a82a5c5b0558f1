import { ERROR_CODES, fromErrorData, TwinGraphError, type ErrorData } from '@twingraph/model';

// The parts of the runtime protocol the executor shares with the local runtimes, in one place.
export {
  componentFailedError,
  invalidOutputsError,
  LineSplitter,
  noOutputsError,
  OutputCollector,
  parseOutputsJson,
  type CollectedOutput,
  type ExecutionRequest,
} from '@twingraph/core';

/** The error a TwinGraph harness reported on its error marker line. */
export function fromErrorDataSafe(text: string): TwinGraphError {
  try {
    return fromErrorData(JSON.parse(text) as ErrorData);
  } catch (error) {
    return new TwinGraphError(ERROR_CODES.INTERNAL, `A TwinGraph harness reported an unreadable error: ${text.slice(0, 200)}`, { cause: error });
  }
}
