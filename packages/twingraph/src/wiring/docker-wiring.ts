import { existsSync } from 'node:fs';
import { ERROR_CODES, TwinGraphError } from '@twingraph/model';
import { DockerExecutor, dockerConnectionFromEnv } from '@twingraph/executor-docker';

const DEFAULT_SOCKET = '/var/run/docker.sock';

/**
 * The Docker executor the default wiring registers, from the environment:
 * - `TWINGRAPH_DOCKER=on`: always (a docker component fails with a clear error when the daemon is down);
 * - `off`: never (workflow documents then run docker code nodes with the local runtime, recorded `ranLocally`);
 * - `auto` (default): when Docker looks configured — DOCKER_HOST is set or /var/run/docker.sock exists.
 * Nothing is contacted here: the executor loads dockerode and connects on its first docker component,
 * so start-up costs one `existsSync` whether Docker is there or not.
 */
export function dockerExecutorFromEnv(env: NodeJS.ProcessEnv = process.env): DockerExecutor | undefined {
  const mode = (env['TWINGRAPH_DOCKER'] ?? 'auto').trim().toLowerCase();
  if (!['on', 'off', 'auto', ''].includes(mode)) {
    throw new TwinGraphError(ERROR_CODES.INVALID_OPTIONS, `TWINGRAPH_DOCKER must be on, off or auto, got '${env['TWINGRAPH_DOCKER']}'`, {
      hint: 'Unset it (auto: use Docker when DOCKER_HOST is set or /var/run/docker.sock exists), or set on / off.',
      nonRetryable: true,
    });
  }
  if (mode === 'off') return undefined;
  const host = env['DOCKER_HOST']?.trim() ?? '';
  if (mode !== 'on' && host === '' && !existsSync(DEFAULT_SOCKET)) return undefined;
  return new DockerExecutor({ connection: dockerConnectionFromEnv(env) });
}
