import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, toErrorData } from '@twingraph/model';
import { describeExecutorContract } from '@twingraph/testing';
import { KubernetesExecutor } from './kubernetes-executor.js';
import { testRequest, unexpectedSuccess } from './kubernetes-test-support.test-support.js';

// A real cluster, only when TWINGRAPH_TEST_KUBECONFIG names a kubeconfig (not a CI service):
//   TWINGRAPH_TEST_KUBECONFIG=~/.kube/config [TWINGRAPH_TEST_KUBERNETES_CONTEXT=kind-kind]
//   [TWINGRAPH_TEST_KUBERNETES_NAMESPACE=default] [TWINGRAPH_TEST_KUBERNETES_IMAGE=node:20-slim]
//   npx vitest run packages/executor-kubernetes/src/kubernetes-executor.cluster.int.test.ts
// The nodes must be able to pull the image (public node:20-slim by default). The identity needs
// create/get/list/watch/delete on jobs and get/list/watch on pods and pods/log in the namespace.
const kubeconfigPath = process.env['TWINGRAPH_TEST_KUBECONFIG'];
const context = process.env['TWINGRAPH_TEST_KUBERNETES_CONTEXT'];
const namespace = process.env['TWINGRAPH_TEST_KUBERNETES_NAMESPACE'] ?? 'default';
const image = process.env['TWINGRAPH_TEST_KUBERNETES_IMAGE'] ?? 'node:20-slim';

const executor = (): KubernetesExecutor =>
  new KubernetesExecutor({ connection: { kubeconfigPath: kubeconfigPath!, ...(context === undefined ? {} : { context }) }, namespace, defaultImages: { javascript: image } });
const js = (name: string, code: string, extra: Record<string, unknown> = {}) => ({ name, platform: 'kubernetes' as const, codeHash: name, language: 'javascript' as const, code, image, ...extra });

if (kubeconfigPath === undefined || kubeconfigPath === '') {
  console.warn('\n⚠️  SKIPPED KubernetesExecutor on a real cluster: set TWINGRAPH_TEST_KUBECONFIG to a kubeconfig file to run it (not a CI service)\n');
}

describe.skipIf(kubeconfigPath === undefined || kubeconfigPath === '')('KubernetesExecutor on a real cluster (TWINGRAPH_TEST_KUBECONFIG)', () => {
  it('the cluster answers and the namespace exists', async () => {
    await executor().healthCheck();
  });

  describeExecutorContract(
    'KubernetesExecutor (real cluster)',
    async () => ({
      executor: executor(),
      specs: {
        echo: () => js('echo', 'export function process(inputs) { return inputs; }'),
        fail: () => js('fail', 'export function process(inputs) { throw new Error(inputs.message); }'),
        sleep: () => js('sleep', 'export async function process({ ms }) { await new Promise((r) => setTimeout(r, ms)); return { slept: ms }; }'),
        log: () => js('log', 'export function process({ lines }) { for (const line of lines) console.log(line); return { count: lines.length }; }'),
      },
    }),
    // A real cluster schedules and pulls first: give cancellation more room than the stand-in needs.
    { abortWithinMs: 15_000 },
  );

  const runId = `k8s-cluster-${randomUUID().slice(0, 8)}`;

  it('reports OOMKilled', async () => {
    const code = 'export function process() { const keep = []; for (;;) keep.push(Buffer.alloc(1 << 20, 1)); }';
    const error = await executor().execute(testRequest(runId, js('hog', code, { resources: { memory: '64Mi' } }), {})).then(unexpectedSuccess, (e: unknown) => toErrorData(e));
    expect(error).toMatchObject({ code: ERROR_CODES.COMPONENT_FAILED, details: { reason: 'OOMKilled' } });
  }, 180_000);

  it('reports an image that cannot be pulled', async () => {
    const error = await executor()
      .execute(testRequest(runId, js('ghost', 'export function process() { return {}; }', { image: 'registry.invalid/twingraph/no-such-image:1' }), {}))
      .then(unexpectedSuccess, (e: unknown) => toErrorData(e));
    expect(error).toMatchObject({ code: ERROR_CODES.NOT_FOUND, details: { reason: expect.stringMatching(/ErrImagePull|ImagePullBackOff/) } });
  }, 180_000);

  it('reports the Job deadline', async () => {
    const error = await executor()
      .execute(testRequest(runId, js('slow', 'export async function process() { await new Promise((r) => setTimeout(r, 600000)); return {}; }'), {}, { timeoutMs: 20_000 }))
      .then(unexpectedSuccess, (e: unknown) => toErrorData(e));
    expect(error).toMatchObject({ code: ERROR_CODES.TIMEOUT, details: { reason: 'DeadlineExceeded' } });
  }, 180_000);
});
