import Docker from 'dockerode';
import type { ComponentSpec, ExecutionRequest } from '@twingraph/core';
import { DockerExecutor } from './docker-executor.js';

/** Local images built by scripts/images/build-test-images.sh (no registry needed). */
export const NODE_IMAGE = 'twingraph-test-node:latest';
export const PYTHON_IMAGE = 'twingraph-test-python:latest';

/** True when the daemon answers and the test images exist. */
export async function dockerReady(): Promise<boolean> {
  const docker = new Docker();
  await docker.ping();
  await docker.getImage(NODE_IMAGE).inspect();
  await docker.getImage(PYTHON_IMAGE).inspect();
  return true;
}

export function testExecutor(): DockerExecutor {
  return new DockerExecutor({ pullPolicy: 'never', defaultImages: { javascript: NODE_IMAGE, typescript: NODE_IMAGE, python: PYTHON_IMAGE, bash: NODE_IMAGE } });
}

export function jsSpec(name: string, code: string, extra: Partial<ComponentSpec> = {}): ComponentSpec {
  return { name, platform: 'docker', codeHash: name, language: 'javascript', code, image: NODE_IMAGE, ...extra };
}

let counter = 0;
export function testRequest(runId: string, component: ComponentSpec, inputs: Record<string, unknown>, extra: Partial<ExecutionRequest> = {}): ExecutionRequest {
  counter++;
  return { runId, executionId: `${runId}-exec-${counter}`, attempt: 1, component, inputs, signal: new AbortController().signal, log: () => undefined, ...extra };
}

/** Containers (running or not) labelled with this run id. */
export async function containersOfRun(runId: string): Promise<string[]> {
  const list = await new Docker().listContainers({ all: true, filters: { label: [`twingraph.run=${runId}`] } });
  return list.map((c) => c.Id);
}

/** For `.then(unexpectedSuccess, toErrorData)`: the attempt was expected to fail. */
export function unexpectedSuccess(): never {
  throw new Error('expected the execution to fail, but it succeeded');
}
