import type { Engine } from '@twingraph/core';
import { RunTracer } from '@twingraph/server';
import { otlpFromEnv } from './commands/serve-command.js';

/**
 * `twingraph run` / `resume` with OTEL_EXPORTER_OTLP_ENDPOINT set: the same run and component spans as
 * the server's, sent over OTLP/HTTP; `close()` flushes them before the command exits. Undefined when unset.
 */
export function traceRunsFromEnv(engine: Engine, env: NodeJS.ProcessEnv): { close(): Promise<void> } | undefined {
  const otlp = otlpFromEnv(undefined, env);
  if (otlp === undefined) return undefined;
  const tracer = new RunTracer(engine, otlp.tracer);
  return {
    async close() {
      tracer.close();
      await otlp.shutdown().catch((error: unknown) => process.stderr.write(`warning: could not send traces: ${(error as Error).message}\n`));
    },
  };
}
