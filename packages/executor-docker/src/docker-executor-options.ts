import { DEFAULT_CONTAINER_IMAGES } from '@twingraph/core';
import type { DockerConnection } from './docker-connection.js';

/** When the executor pulls a component's image. */
export type PullPolicy = 'always' | 'ifNotPresent' | 'never';
export const PULL_POLICIES: readonly PullPolicy[] = ['always', 'ifNotPresent', 'never'];

export interface DockerExecutorOptions {
  /** Where the daemon is (`dockerConnectionFromEnv()` reads DOCKER_HOST the way the Docker CLI does). @defaultValue `{ socketPath: '/var/run/docker.sock' }` */
  connection?: DockerConnection;
  /**
   * Image per kind of component when the component names none: `javascript` also runs TypeScript and
   * SDK functions (it needs `node`), `python` needs `python3`, `bash` needs `bash`.
   * @defaultValue `{ javascript: 'node:20-slim', typescript: 'node:20-slim', python: 'python:3.12-slim', bash: 'bash:5' }`
   */
  defaultImages?: Partial<Record<'javascript' | 'typescript' | 'python' | 'bash' | 'cpp' | 'rust', string>>;
  /** @defaultValue `'ifNotPresent'` */
  pullPolicy?: PullPolicy;
  /** Docker network mode of every container unless a component says otherwise. @defaultValue `'none'` (no network) */
  network?: string;
  /** Work dir inside the container (inputs.json, harness, code, outputs.json). @defaultValue `'/twingraph/work'` */
  workDir?: string;
  /** Labels added to every container (besides twingraph.run, twingraph.execution, twingraph.component). @defaultValue `{}` */
  labels?: Record<string, string>;
  /** Environment added to every container, before the component's own env. @defaultValue `{}` */
  env?: Record<string, string>;
  /** Inputs JSON under this many bytes is also passed in env TWINGRAPH_INPUTS. @defaultValue `65536` */
  inlineInputsLimit?: number;
}

export interface ResolvedDockerExecutorOptions {
  readonly connection: DockerConnection;
  readonly defaultImages: Readonly<Record<string, string>>;
  readonly pullPolicy: PullPolicy;
  readonly network: string;
  readonly workDir: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly env: Readonly<Record<string, string>>;
  readonly inlineInputsLimit: number;
}

export function resolveDockerExecutorOptions(options: DockerExecutorOptions = {}): ResolvedDockerExecutorOptions {
  return {
    connection: options.connection ?? { socketPath: '/var/run/docker.sock' },
    defaultImages: { ...DEFAULT_CONTAINER_IMAGES, ...options.defaultImages },
    pullPolicy: options.pullPolicy ?? 'ifNotPresent',
    network: options.network ?? 'none',
    workDir: options.workDir ?? '/twingraph/work',
    labels: options.labels ?? {},
    env: options.env ?? {},
    inlineInputsLimit: options.inlineInputsLimit ?? 64 * 1024,
  };
}
