import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ComponentSpec, ExecutionRequest } from '@twingraph/core';
import { DockerApi } from './stand-in/docker-api.js';
import { motoReady } from './moto-test-support.test-support.js';

/** The runtime image built from runtime-image/Dockerfile on the local node test image. */
export const RUNTIME_IMAGE = 'twingraph-aws-runtime:local';

/** Builds (or refreshes: the build is cached) the local runtime image, so it always holds the current runtime script. */
export function buildRuntimeImage(tag = RUNTIME_IMAGE): void {
  execFileSync('bash', [fileURLToPath(new URL('../runtime-image/build-local.sh', import.meta.url)), tag], { stdio: 'pipe' });
}

/** moto answers and the Docker Engine has the local node test image. */
export async function awsStandInsReady(): Promise<boolean> {
  if (!(await motoReady())) return false;
  return new DockerApi().imageExists('twingraph-test-node:latest');
}

export function jsSpec(name: string, platform: 'lambda' | 'batch', code: string, extra: Partial<ComponentSpec> = {}): ComponentSpec {
  return { name, platform, codeHash: name, language: 'javascript', code, ...extra };
}

/** The executor contract's components, as JavaScript code run by the TwinGraph runtime. */
export function contractSpecs(platform: 'lambda' | 'batch'): { echo(): ComponentSpec; fail(): ComponentSpec; sleep(): ComponentSpec; log(): ComponentSpec } {
  return {
    echo: () => jsSpec('echo', platform, 'export function process(inputs) { return inputs; }'),
    fail: () => jsSpec('fail', platform, 'export function process(inputs) { throw new Error(inputs.message); }'),
    sleep: () => jsSpec('sleep', platform, 'export async function process({ ms }) { await new Promise((r) => setTimeout(r, ms)); return { slept: ms }; }'),
    log: () => jsSpec('log', platform, 'export function process({ lines }) { for (const line of lines) console.log(line); return { count: lines.length }; }'),
  };
}

let counter = 0;
export function testRequest(runId: string, component: ComponentSpec, inputs: Record<string, unknown>, extra: Partial<ExecutionRequest> = {}): ExecutionRequest {
  counter++;
  return { runId, executionId: `${runId}-exec-${counter}`, attempt: 1, component, inputs, signal: new AbortController().signal, log: () => undefined, ...extra };
}

/** Waits until `check` is true, polling; fails after `ms`. */
export async function eventually(check: () => Promise<boolean> | boolean, ms: number, what: string): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
