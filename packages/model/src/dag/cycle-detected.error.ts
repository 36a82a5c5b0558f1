import { ERROR_CODES } from '../errors/error-codes.js';
import { TwinGraphError } from '../errors/twingraph-error.js';

export class CycleDetectedError extends TwinGraphError {
  readonly cycle: readonly string[];

  constructor(cycle: readonly string[]) {
    super(ERROR_CODES.DAG_CYCLE, `The workflow has a cycle: ${[...cycle, cycle[0]].join(' → ')}`, {
      hint: 'Remove one of the edges in the cycle; use a loop node for repetition.',
      details: { cycle: [...cycle] },
      nonRetryable: true,
    });
    this.name = 'CycleDetectedError';
    this.cycle = [...cycle];
  }
}
