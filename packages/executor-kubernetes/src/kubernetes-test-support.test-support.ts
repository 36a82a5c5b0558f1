import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ComponentSpec, ExecutionRequest } from '@twingraph/core';
import { KubernetesExecutor } from './kubernetes-executor.js';
import type { KubernetesExecutorOptions } from './kubernetes-executor-options.js';
import { docker, dockerProblem } from './stand-in/docker-pod-runner.js';
import { startKubernetesStandIn, type KubernetesStandIn, type KubernetesStandInOptions } from './stand-in/stand-in-server.js';

/** Local images built by scripts/images/build-test-images.sh (no registry needed). */
export const NODE_IMAGE = 'twingraph-test-node:latest';
export const PYTHON_IMAGE = 'twingraph-test-python:latest';

/** True when Docker answers and the test images exist (the stand-in runs Pods on Docker). */
export async function dockerReady(): Promise<boolean> {
  const problem = await dockerProblem();
  if (problem !== null) throw new Error(problem);
  for (const image of [NODE_IMAGE, PYTHON_IMAGE]) {
    if ((await docker(['image', 'inspect', image])).code !== 0) throw new Error(`image ${image} is missing`);
  }
  return true;
}

/** A stand-in plus a kubeconfig file for it, removed by `close()`. */
export interface StandInFixture {
  standIn: KubernetesStandIn;
  kubeconfigPath: string;
  executor(options?: KubernetesExecutorOptions): KubernetesExecutor;
  close(): Promise<void>;
}

export async function startStandInFixture(options: KubernetesStandInOptions = {}): Promise<StandInFixture> {
  const standIn = await startKubernetesStandIn(options);
  const dir = mkdtempSync(join(tmpdir(), 'twingraph-k8s-'));
  const kubeconfigPath = join(dir, 'kubeconfig');
  standIn.kubeconfig.write(kubeconfigPath);
  return {
    standIn,
    kubeconfigPath,
    executor: (extra = {}) =>
      new KubernetesExecutor({
        connection: { kubeconfigPath },
        pullPolicy: 'Never',
        defaultImages: { javascript: NODE_IMAGE, typescript: NODE_IMAGE, python: PYTHON_IMAGE, bash: NODE_IMAGE },
        ...extra,
      }),
    async close() {
      await standIn.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function jsSpec(name: string, code: string, extra: Partial<ComponentSpec> = {}): ComponentSpec {
  return { name, platform: 'kubernetes', codeHash: name, language: 'javascript', code, image: NODE_IMAGE, ...extra };
}

let counter = 0;
export function testRequest(runId: string, component: ComponentSpec, inputs: Record<string, unknown>, extra: Partial<ExecutionRequest> = {}): ExecutionRequest {
  counter++;
  return { runId, executionId: `${runId}-exec-${counter}`, attempt: 1, component, inputs, signal: new AbortController().signal, log: () => undefined, ...extra };
}

/** Docker containers the stand-in started for Pods (running or not). */
export async function podContainers(): Promise<string[]> {
  const list = await docker(['ps', '--all', '--quiet', '--filter', 'label=io.kubernetes.pod.name']);
  return list.stdout.split('\n').filter(Boolean);
}

/** For `.then(unexpectedSuccess, toErrorData)`: the attempt was expected to fail. */
export function unexpectedSuccess(): never {
  throw new Error('expected the execution to fail, but it succeeded');
}
