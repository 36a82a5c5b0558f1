import { ERROR_CODES, TwinGraphError } from '@twingraph/model';

// Errors the DockerExecutor raises on purpose. Each names the component (when there is one) and what to do.

/** An option of a docker component (spec or platformOptions) is invalid. */
export function invalidDockerOption(component: string, option: string, problem: string, hint: string): TwinGraphError {
  return new TwinGraphError(ERROR_CODES.INVALID_OPTIONS, `Docker component '${component}': ${option} ${problem}`, {
    hint,
    details: { component, option },
    nonRetryable: true,
  });
}

/** The Docker daemon does not answer at the configured address. */
export function daemonUnreachable(address: string, cause: unknown, component?: string): TwinGraphError {
  const who = component === undefined ? '' : ` to run component '${component}'`;
  return new TwinGraphError(ERROR_CODES.EXECUTOR_NOT_CONFIGURED, `Cannot reach the Docker daemon at ${address}${who}: ${describe(cause)}`, {
    category: 'operational',
    hint:
      'Start Docker (e.g. `bash scripts/services/docker.sh start`, or `sudo systemctl start docker`), or point TwinGraph at a ' +
      'running daemon with DOCKER_HOST (unix:///var/run/docker.sock, tcp://host:2376 with DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH); ' +
      'TWINGRAPH_DOCKER=off runs without Docker.',
    details: { address, ...(component === undefined ? {} : { component }) },
    nonRetryable: true,
    cause,
  });
}

/** The image is not on the daemon and the pull policy forbids pulling it (or the pull failed). */
export function imageUnavailable(component: string, image: string, reason: string, cause?: unknown): TwinGraphError {
  return new TwinGraphError(ERROR_CODES.NOT_FOUND, `Docker component '${component}': image '${image}' ${reason}`, {
    hint: `Build or load it first (\`docker build -t ${image} .\`, \`docker load\`, \`docker import\`), or set platformOptions.pullPolicy to 'ifNotPresent' / 'always' with a reachable registry.`,
    details: { component, image },
    nonRetryable: true,
    ...(cause === undefined ? {} : { cause }),
  });
}

/** The container was killed because it used more memory than its limit. */
export function outOfMemory(component: string, memory: number | undefined, logTail: readonly string[]): TwinGraphError {
  const limit = memory === undefined ? 'its memory limit' : `its memory limit of ${memory} bytes`;
  return new TwinGraphError(ERROR_CODES.COMPONENT_FAILED, `Docker component '${component}' was killed for running out of memory (OOMKilled: more than ${limit})`, {
    hint: "Give it more memory (resources.memory, e.g. '1Gi'), or make it use less.",
    details: { component, oomKilled: true, memoryBytes: memory ?? null, logTail: [...logTail] },
  });
}

/** What the component gives the executor to run is not something a container can run. */
export function nothingToRun(component: string): TwinGraphError {
  return new TwinGraphError(ERROR_CODES.INVALID_OPTIONS, `Docker component '${component}' has nothing to run: no function, no code and no command`, {
    hint: 'Give it a function (SDK), code in a supported language, or an image with a command.',
    details: { component },
    nonRetryable: true,
  });
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
