import type Docker from 'dockerode';
import { PendingWork, type ExecutionOutcome, type ExecutionRequest, type Executor } from '@twingraph/core';
import { isTwinGraphError } from '@twingraph/model';
import { resolveContainerSpec } from './container-spec.js';
import { runContainer } from './container-run.js';
import { describeConnection } from './docker-connection.js';
import { daemonUnreachable, imageUnavailable } from './docker-errors.js';
import { resolveDockerExecutorOptions, type DockerExecutorOptions, type ResolvedDockerExecutorOptions } from './docker-executor-options.js';
import { ImageResolver, statusCode } from './image-resolver.js';

/**
 * Runs each attempt of a component in a fresh container on a Docker Engine (platform `'docker'`):
 * SDK functions (their source, serialized) and JavaScript/TypeScript code in a `node` image, Python,
 * Bash, C++ and Rust code in an image with that interpreter or compiler, and plain image + command
 * components, all through the component runtime protocol. Containers have no network by default and
 * are removed after every attempt. dockerode is loaded on first use, so a process that never runs a
 * docker component pays nothing for it.
 */
export class DockerExecutor implements Executor {
  readonly platform = 'docker' as const;
  readonly options: ResolvedDockerExecutorOptions;
  private client: Promise<{ docker: Docker; images: ImageResolver }> | undefined;
  /** Attempts still running or still removing their container (the engine stops waiting on timeout/cancel; close() does not). */
  private readonly inFlight = new PendingWork();

  constructor(options: DockerExecutorOptions = {}) {
    this.options = resolveDockerExecutorOptions(options);
  }

  /** Where the daemon is, for messages: `unix:///var/run/docker.sock`, `https://host:2376`. */
  get address(): string {
    return describeConnection(this.options.connection);
  }

  execute(request: ExecutionRequest): Promise<ExecutionOutcome> {
    const attempt = this.attempt(request);
    this.inFlight.track(attempt);
    return attempt;
  }

  private async attempt(request: ExecutionRequest): Promise<ExecutionOutcome> {
    const started = performance.now();
    const spec = await resolveContainerSpec(request, this.options);
    const { docker, images } = await this.connect();
    try {
      const image = await images.resolve(request.component.name, spec.image, spec.pullPolicy);
      const result = await runContainer(docker, spec, request);
      return {
        outputs: result.outputs,
        metadata: {
          imageDigest: image.digest,
          imageId: image.id,
          containerId: result.containerId.slice(0, 12),
          exitCode: result.exitCode,
          outputsSource: result.outputsSource,
          durationMs: Math.round(performance.now() - started),
        },
      };
    } catch (error) {
      if (statusCode(error) === 404 && /no such image/i.test(String(error))) {
        images.forget(spec.image);
        throw imageUnavailable(request.component.name, spec.image, 'is no longer on the Docker daemon', error);
      }
      throw this.translate(error, request.component.name);
    }
  }

  /** Resolves when the daemon answers a ping; rejects with a clear error naming the address otherwise. */
  async healthCheck(): Promise<void> {
    const { docker } = await this.connect();
    try {
      await docker.ping();
    } catch (error) {
      throw daemonUnreachable(this.address, error);
    }
  }

  /** Waits until every attempt has removed its container (after a timeout or cancel the engine has stopped waiting for it). */
  async close(): Promise<void> {
    await this.inFlight.settled();
  }

  private connect(): Promise<{ docker: Docker; images: ImageResolver }> {
    this.client ??= import('dockerode').then(({ default: DockerClient }) => {
      const docker = new DockerClient(this.options.connection);
      return { docker, images: new ImageResolver(docker) };
    });
    return this.client;
  }

  private translate(error: unknown, component: string): unknown {
    if (isTwinGraphError(error)) return error;
    return isConnectionError(error) ? daemonUnreachable(this.address, error, component) : error;
  }
}

function isConnectionError(error: unknown): boolean {
  const { code, syscall } = (error ?? {}) as { code?: unknown; syscall?: unknown };
  return syscall === 'connect' || ['ECONNREFUSED', 'ENOENT', 'EACCES', 'EHOSTUNREACH', 'ENOTFOUND', 'ETIMEDOUT'].includes(String(code));
}
