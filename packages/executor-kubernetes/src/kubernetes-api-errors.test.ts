import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES, toErrorData } from '@twingraph/model';
import { KubernetesExecutor } from './kubernetes-executor.js';
import { jsSpec, startStandInFixture, testRequest, unexpectedSuccess, type StandInFixture } from './kubernetes-test-support.test-support.js';
import { kubeconfigFor } from './stand-in/kubeconfig-file.js';

// What the API server answers before any Pod runs (admission, validation, namespaces, credentials):
// the stand-in decides these without Docker, so this suite needs no service.
describe('KubernetesExecutor: what the API server refuses', () => {
  let fixture: StandInFixture;
  let dir: string;
  beforeAll(async () => {
    fixture = await startStandInFixture({ admission: { requiredLabels: ['team'], deniedImages: ':forbidden$' } });
    dir = mkdtempSync(join(tmpdir(), 'twingraph-k8s-errors-'));
  });
  afterAll(async () => {
    await fixture.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const labelled = { labels: { team: 'data' } };

  it('admission rejection (403 from a webhook) names the component, the platform and the fix, and creates nothing', async () => {
    const error = await fixture.executor().execute(testRequest('adm', jsSpec('unlabelled', 'export function process() { return {}; }'), {})).then(unexpectedSuccess, (e: unknown) => toErrorData(e));
    expect(error).toMatchObject({ code: ERROR_CODES.EXECUTOR_NOT_CONFIGURED, nonRetryable: true, details: { component: 'unlabelled', platform: 'kubernetes', namespace: 'default', httpStatus: 403, reason: 'AdmissionRejected' } });
    expect(error.message).toContain("Kubernetes refused the Job of component 'unlabelled'");
    expect(error.message).toContain('must carry the label(s) team');
    expect(error.hint).toContain('admission policy');
    const jobs = await fetch(`${fixture.standIn.url}/apis/batch/v1/jobs`, { headers: { authorization: `Bearer ${fixture.standIn.token}` } }).then((r) => r.json() as Promise<{ items: unknown[] }>);
    expect(jobs.items).toEqual([]);
  });

  it('a denied image (403) is refused the same way', async () => {
    const error = await fixture
      .executor()
      .execute(testRequest('adm', jsSpec('denied', 'x', { image: 'registry.example/app:forbidden', platformOptions: labelled }), {}))
      .then(unexpectedSuccess, (e: unknown) => toErrorData(e));
    expect(error.message).toContain('image registry.example/app:forbidden is not allowed by policy');
  });

  it('a quota that is used up (403 exceeded quota) is retryable', async () => {
    const quota = await startStandInFixture({ admission: { maxActiveJobs: 0 } });
    try {
      const error = await quota.executor().execute(testRequest('quota', jsSpec('many', 'x'), {})).then(unexpectedSuccess, (e: unknown) => toErrorData(e));
      expect(error).toMatchObject({ code: ERROR_CODES.EXECUTOR_NOT_CONFIGURED, category: 'operational', details: { reason: 'QuotaExceeded' } });
      expect(error.nonRetryable).toBeUndefined();
      expect(error.hint).toContain('ResourceQuota');
    } finally {
      await quota.close();
    }
  });

  it('an invalid Job (422 from validation) lists the fields', async () => {
    const spec = jsSpec('greedy', 'x', { platformOptions: { ...labelled, resources: { requests: { cpu: '2' }, limits: { cpu: '1' } } } });
    const error = await fixture.executor().execute(testRequest('inv', spec, {})).then(unexpectedSuccess, (e: unknown) => toErrorData(e));
    expect(error).toMatchObject({ code: ERROR_CODES.INVALID_OPTIONS, nonRetryable: true, details: { component: 'greedy', platform: 'kubernetes', reason: 'Invalid' } });
    expect(error.message).toContain('spec.template.spec.containers[0].resources.requests');
    expect(error.message).toContain('must be less than or equal to cpu limit of 1');
  });

  it('a namespace that does not exist (404)', async () => {
    const error = await fixture
      .executor()
      .execute(testRequest('ns', jsSpec('lost', 'x', { platformOptions: { ...labelled, namespace: 'nowhere' } }), {}))
      .then(unexpectedSuccess, (e: unknown) => toErrorData(e));
    expect(error).toMatchObject({ code: ERROR_CODES.NOT_FOUND, details: { component: 'lost', namespace: 'nowhere', reason: 'NamespaceNotFound' } });
    expect(error.hint).toContain('kubectl create namespace nowhere');
  });

  it('wrong credentials (401)', async () => {
    const path = join(dir, 'bad-token');
    kubeconfigFor(fixture.standIn.url, 'wrong-token').write(path);
    const executor = new KubernetesExecutor({ connection: { kubeconfigPath: path } });
    const error = await executor.execute(testRequest('auth', jsSpec('who', 'x', { platformOptions: labelled }), {})).then(unexpectedSuccess, (e: unknown) => toErrorData(e));
    expect(error).toMatchObject({ code: ERROR_CODES.EXECUTOR_NOT_CONFIGURED, details: { httpStatus: 401, reason: 'Unauthorized' } });
    expect(error.hint).toContain('credentials');
  });

  it('an API server that does not answer', async () => {
    const path = join(dir, 'closed');
    kubeconfigFor('http://127.0.0.1:9', 'x').write(path);
    const executor = new KubernetesExecutor({ connection: { kubeconfigPath: path } });
    const error = await executor.execute(testRequest('down', jsSpec('lonely', 'x'), {})).then(unexpectedSuccess, (e: unknown) => toErrorData(e));
    expect(error).toMatchObject({ code: ERROR_CODES.EXECUTOR_NOT_CONFIGURED, category: 'operational', details: { server: 'http://127.0.0.1:9', component: 'lonely', platform: 'kubernetes' } });
    expect(error.message).toContain('Cannot reach the Kubernetes API server at http://127.0.0.1:9');
    await expect(executor.healthCheck()).rejects.toMatchObject({ code: ERROR_CODES.EXECUTOR_NOT_CONFIGURED });
  });

  it('no kubeconfig, and a context the kubeconfig does not have', async () => {
    const missing = new KubernetesExecutor({ connection: { kubeconfigPath: join(dir, 'nope') } });
    await expect(missing.execute(testRequest('cfg', jsSpec('a', 'x'), {}))).rejects.toMatchObject({ code: ERROR_CODES.EXECUTOR_NOT_CONFIGURED, message: expect.stringContaining("kubeconfig file '") });
    const wrongContext = new KubernetesExecutor({ connection: { kubeconfigPath: fixture.kubeconfigPath, context: 'prod' } });
    const error = await wrongContext.execute(testRequest('cfg', jsSpec('a', 'x'), {})).then(unexpectedSuccess, (e: unknown) => toErrorData(e));
    expect(error.message).toContain("context 'prod' is not in the kubeconfig (it has: twingraph-stand-in)");
    expect(error.hint).toContain('TWINGRAPH_KUBECONFIG');
    const notInCluster = new KubernetesExecutor({ connection: { inCluster: true } });
    await expect(notInCluster.healthCheck()).rejects.toMatchObject({ message: expect.stringContaining('not in a Pod') });
  });

  it('health check: reachable cluster and namespace, or a missing namespace (until it is created)', async () => {
    await expect(fixture.executor().healthCheck()).resolves.toBeUndefined();
    await expect(fixture.executor({ namespace: 'ghost-ns' }).healthCheck()).rejects.toMatchObject({ code: ERROR_CODES.NOT_FOUND, hint: expect.stringContaining('kubectl create namespace ghost-ns') });
    const created = await fetch(`${fixture.standIn.url}/api/v1/namespaces`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fixture.standIn.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ghost-ns' } }),
    });
    expect(created.status).toBe(201);
    await expect(fixture.executor({ namespace: 'ghost-ns' }).healthCheck()).resolves.toBeUndefined();
  });

  it('a Pod no node can take stays Pending: said in the log, and failed after pendingTimeoutMs', async () => {
    const tainted = await startStandInFixture({ node: { labels: { pool: 'cpu' }, taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] } });
    try {
      const lines: string[] = [];
      const unmatched = await tainted
        .executor({ pendingTimeoutMs: 1500 })
        .execute(testRequest('sched', jsSpec('picky', 'x', { platformOptions: { nodeSelector: { pool: 'gpu' }, tolerations: [{ key: 'dedicated', operator: 'Exists' }] } }), {}, { log: (_s, line) => lines.push(line) }))
        .then(unexpectedSuccess, (e: unknown) => toErrorData(e));
      expect(unmatched).toMatchObject({ code: ERROR_CODES.TIMEOUT, category: 'operational', details: { reason: 'Pending', component: 'picky' } });
      expect(unmatched.message).toContain('its Pod cannot be scheduled');
      expect(lines.join('\n')).toContain("didn't match Pod's node affinity/selector");
      const untolerated = await tainted
        .executor({ pendingTimeoutMs: 1000 })
        .execute(testRequest('sched', jsSpec('intolerant', 'x', { platformOptions: { nodeSelector: { pool: 'cpu' } } }), {}, { log: (_s, line) => lines.push(line) }))
        .then(unexpectedSuccess, (e: unknown) => toErrorData(e));
      expect(untolerated).toMatchObject({ code: ERROR_CODES.TIMEOUT, details: { reason: 'Pending' } });
      expect(lines.join('\n')).toContain('untolerated taint {dedicated: gpu}');
      // Both Jobs were deleted when the attempts gave up.
      const jobs = await fetch(`${tainted.standIn.url}/apis/batch/v1/jobs`, { headers: { authorization: `Bearer ${tainted.standIn.token}` } }).then((r) => r.json() as Promise<{ items: unknown[] }>);
      expect(jobs.items).toEqual([]);
    } finally {
      await tainted.close();
    }
  });

  it('an unreadable kubeconfig', async () => {
    const path = join(dir, 'garbage');
    writeFileSync(path, 'clusters: [ this is: not yaml');
    const error = await new KubernetesExecutor({ connection: { kubeconfigPath: path } }).healthCheck().then(unexpectedSuccess, (e: unknown) => toErrorData(e));
    expect(error).toMatchObject({ code: ERROR_CODES.EXECUTOR_NOT_CONFIGURED });
  });
});
