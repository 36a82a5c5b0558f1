import { ERROR_CODES } from '@twingraph/model';

/** Process exit codes of the `twingraph` CLI (documented in docs/cli.md). */
export const EXIT = {
  OK: 0,
  RUN_FAILED: 1,
  USAGE: 2,
  STORE: 3,
  NOT_FOUND: 4,
  INTERNAL: 5,
  CANCELLED: 130,
} as const;

const BY_CODE: Record<string, number> = {
  [ERROR_CODES.USAGE]: EXIT.USAGE,
  [ERROR_CODES.INVALID_OPTIONS]: EXIT.USAGE,
  [ERROR_CODES.VALIDATION]: EXIT.USAGE,
  [ERROR_CODES.DAG_CYCLE]: EXIT.USAGE,
  [ERROR_CODES.UNKNOWN_PLATFORM]: EXIT.USAGE,
  [ERROR_CODES.EXECUTOR_NOT_CONFIGURED]: EXIT.USAGE,
  [ERROR_CODES.PIPELINE_NOT_FOUND]: EXIT.USAGE,
  [ERROR_CODES.MODULE_LOAD_FAILED]: EXIT.USAGE,
  [ERROR_CODES.NON_SERIALIZABLE]: EXIT.USAGE,
  [ERROR_CODES.STORE_CORRUPT]: EXIT.STORE,
  [ERROR_CODES.STORE_LOCKED]: EXIT.STORE,
  [ERROR_CODES.STORE_UNAVAILABLE]: EXIT.STORE,
  [ERROR_CODES.STORE_VERSION]: EXIT.STORE,
  [ERROR_CODES.NOT_FOUND]: EXIT.NOT_FOUND,
  [ERROR_CODES.CANCELLED]: EXIT.CANCELLED,
};

/** The exit code for an error that stopped a command (not a failed run, which exits RUN_FAILED). */
export function exitCodeFor(code: string | undefined): number {
  return code === undefined ? EXIT.INTERNAL : (BY_CODE[code] ?? EXIT.INTERNAL);
}
