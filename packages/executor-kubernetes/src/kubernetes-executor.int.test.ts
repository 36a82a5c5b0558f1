import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, runWorkflow } from '@twingraph/core';
import { ERROR_CODES, toErrorData } from '@twingraph/model';
import { describeExecutorContract, describeWithService } from '@twingraph/testing';
import { dockerReady, jsSpec, NODE_IMAGE, podContainers, PYTHON_IMAGE, startStandInFixture, testRequest, unexpectedSuccess, type StandInFixture } from './kubernetes-test-support.test-support.js';

// Proves: the executor against a local stand-in of the Kubernetes API that validates every Job it gets
// and runs each Pod's container on the real Docker Engine. See the README for what it cannot prove.
await describeWithService('docker', dockerReady, 'KubernetesExecutor against the Kubernetes API stand-in (Pods on Docker)', () => {
  let fixture: StandInFixture;
  beforeAll(async () => {
    fixture = await startStandInFixture({ namespaces: ['tg-test'] });
  });
  afterAll(async () => {
    // Nothing left behind: every Job deleted (with its Pod), no container still there.
    const jobs = await fetch(`${fixture.standIn.url}/apis/batch/v1/jobs`, { headers: { authorization: `Bearer ${fixture.standIn.token}` } }).then((r) => r.json() as Promise<{ items: unknown[] }>);
    const pods = await fetch(`${fixture.standIn.url}/api/v1/pods`, { headers: { authorization: `Bearer ${fixture.standIn.token}` } }).then((r) => r.json() as Promise<{ items: unknown[] }>);
    expect(jobs.items).toEqual([]);
    expect(pods.items).toEqual([]);
    await fixture.close();
    expect(await podContainers()).toEqual([]);
  });

  describeExecutorContract(
    'KubernetesExecutor (stand-in)',
    async () => ({
      executor: fixture.executor(),
      specs: {
        echo: () => jsSpec('echo', 'export function process(inputs) { return inputs; }'),
        fail: () => jsSpec('fail', 'export function process(inputs) { throw new Error(inputs.message); }'),
        sleep: () => jsSpec('sleep', 'export async function process({ ms }) { await new Promise((r) => setTimeout(r, ms)); return { slept: ms }; }'),
        log: () => jsSpec('log', 'export function process({ lines }) { for (const line of lines) console.log(line); return { count: lines.length }; }'),
      },
    }),
    { abortWithinMs: 4000 },
  );

  const runId = `k8s-int-${randomUUID()}`;

  describe('runs every kind of component as a Job', () => {
    it.concurrent('an SDK function, with Job, Pod and node recorded', async () => {
      const fn = ({ input_1, input_2 }: { input_1: number; input_2: number }) => ({ sum: input_1 + input_2, node: globalThis.process.version });
      const outcome = await fixture.executor().execute(testRequest(runId, { name: 'add', platform: 'kubernetes', codeHash: 'add', fn, image: NODE_IMAGE }, { input_1: 3.14159, input_2: 1 }));
      expect(outcome.outputs).toEqual({ sum: 4.14159, node: process.version });
      expect(outcome.metadata).toMatchObject({ namespace: 'default', jobName: expect.stringMatching(/^tg-k8s-int-/), podName: expect.stringMatching(/^tg-k8s-int-/), nodeName: 'twingraph-stand-in-node', exitCode: 0 });
    });

    it.concurrent('Python code in the python image, its log streamed before it ends', async () => {
      const seen: { line: string; at: number }[] = [];
      const code = 'import time\ndef process(inputs):\n    print("first", flush=True)\n    time.sleep(1.5)\n    print("second", flush=True)\n    return {"double": inputs["n"] * 2}\n';
      const started = Date.now();
      const outcome = await fixture.executor().execute(
        testRequest(runId, { name: 'py', platform: 'kubernetes', codeHash: 'py', language: 'python', code, image: PYTHON_IMAGE }, { n: 21 }, { log: (_s, line) => seen.push({ line, at: Date.now() - started }) }),
      );
      const finished = Date.now() - started;
      expect(outcome.outputs).toEqual({ double: 42 });
      const first = seen.find((s) => s.line === 'first');
      expect(first).toBeDefined();
      // Live: 'first' arrived while the component was still sleeping, not with the rest at the end.
      expect(finished - first!.at).toBeGreaterThan(1000);
      expect(seen.map((s) => s.line)).toContain('second');
    });

    it.concurrent('Bash with twingraph_output (outputs.json read back through the log)', async () => {
      const outcome = await fixture.executor().execute(
        testRequest(runId, { name: 'sh', platform: 'kubernetes', codeHash: 'sh', language: 'bash', code: 'echo "got $INPUT_WORD" >&2\ntwingraph_output shout "${INPUT_WORD^^}"\ntwingraph_output --json n 7', image: NODE_IMAGE }, { word: 'hi' }),
      );
      expect(outcome.outputs).toEqual({ shout: 'HI', n: 7 });
    });

    it.concurrent('an image + command with TWINGRAPH_INPUTS and env', async () => {
      const command = ['node', '-e', 'const i=JSON.parse(process.env.TWINGRAPH_INPUTS);console.log("::twingraph-outputs::"+JSON.stringify({greeting:process.env.GREETING+" "+i.name}))'];
      const outcome = await fixture.executor().execute(testRequest(runId, { name: 'cmd', platform: 'kubernetes', codeHash: 'cmd', image: NODE_IMAGE, command, env: { GREETING: 'hello' } }, { name: 'kubernetes' }));
      expect(outcome.outputs).toEqual({ greeting: 'hello kubernetes' });
    });

    it.concurrent('inputs of 300 KB (several environment chunks) arrive intact', async () => {
      const big = 'é😀x'.repeat(50_000);
      const outcome = await fixture.executor().execute(testRequest(runId, jsSpec('big', 'export function process({ big }) { return { length: big.length, tail: big.slice(-4) }; }'), { big }));
      expect(outcome.outputs).toEqual({ length: big.length, tail: big.slice(-4) });
    });

    it.concurrent('a secret as a secretKeyRef environment variable, in another namespace', async () => {
      const created = await fetch(`${fixture.standIn.url}/api/v1/namespaces/tg-test/secrets`, {
        method: 'POST',
        headers: { authorization: `Bearer ${fixture.standIn.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ metadata: { name: 'api' }, stringData: { token: 's3cr3t' } }),
      });
      expect(created.status).toBe(201);
      const outcome = await fixture.executor().execute(
        testRequest(runId, jsSpec('secret', 'export function process() { return { token: globalThis.process.env.API_TOKEN }; }', { platformOptions: { config: { namespace: 'tg-test' }, secretEnv: { API_TOKEN: { secret: 'api', key: 'token' } } } }), {}),
      );
      expect(outcome.outputs).toEqual({ token: 's3cr3t' });
      expect(outcome.metadata).toMatchObject({ namespace: 'tg-test' });
    });

    it('watches instead of polling: no GET of a single Job or Pod', () => {
      const requests = Object.fromEntries(fixture.standIn.requests);
      expect(requests['GET jobs/name'] ?? 0).toBe(0);
      expect(requests['GET pods/name'] ?? 0).toBe(0);
      expect(requests['GET pods (watch)']).toBeGreaterThan(0);
      expect(requests['GET jobs (watch)']).toBeGreaterThan(0);
    });
  });

  describe('workflow documents', () => {
    it('runs a kubernetes code node as a Job and records platform and Job on the vertex', async () => {
      const engine = createEngine({ executors: [fixture.executor()] });
      try {
        const document = {
          apiVersion: 'twingraph/v1',
          kind: 'Workflow',
          metadata: { name: 'k8s-doc' },
          nodes: [
            {
              id: 'triple', type: 'component', platform: 'kubernetes', image: PYTHON_IMAGE, language: 'python',
              code: 'import os\ndef process(inputs):\n    return {"n": inputs["n"] * 3, "component": os.environ["TWINGRAPH_COMPONENT"]}',
              inputs: [{ name: 'n', type: 'number', default: 14 }],
              outputs: [{ name: 'n', type: 'number' }, { name: 'component', type: 'string' }],
              platformOptions: { pull_policy: 'Never', node_selector: { 'kubernetes.io/os': 'linux' } },
            },
          ],
          edges: [],
        };
        const run = await runWorkflow(engine, document);
        expect(run.status).toBe('succeeded');
        const graph = (await engine.lineageStore!.getRunGraph(run.runId))!;
        expect(graph.components[0]).toMatchObject({ platform: 'kubernetes', image: PYTHON_IMAGE, outputs: { n: 42, component: 'triple' } });
        expect(graph.components[0]!.attributes).toMatchObject({ jobName: expect.stringMatching(/^tg-/), namespace: 'default' });
      } finally {
        await engine.close();
      }
    });
  });

  describe('retries belong to TwinGraph', () => {
    it('a failed attempt is retried as a new Job (backoffLimit 0 on each), and the graph records both attempts', async () => {
      const own = await startStandInFixture();
      const engine = createEngine({ executors: [own.executor()] });
      try {
        const document = {
          apiVersion: 'twingraph/v1',
          kind: 'Workflow',
          metadata: { name: 'k8s-retry' },
          nodes: [
            {
              id: 'flaky', type: 'component', platform: 'kubernetes', image: PYTHON_IMAGE, language: 'python',
              retry: { maxAttempts: 2, backoff: { initialMs: 10 } },
              code: 'import os\ndef process(inputs):\n    if os.environ["TWINGRAPH_ATTEMPT"] == "1":\n        raise RuntimeError("first attempt fails")\n    return {"attempt": int(os.environ["TWINGRAPH_ATTEMPT"])}',
              outputs: [{ name: 'attempt', type: 'number' }],
            },
          ],
          edges: [],
        };
        const run = await runWorkflow(engine, document);
        expect(run.status).toBe('succeeded');
        const graph = (await engine.lineageStore!.getRunGraph(run.runId))!;
        expect(graph.components[0]).toMatchObject({ outputs: { attempt: 2 }, attempts: 2 });
        expect(graph.components[0]!.attributes).toMatchObject({ jobName: expect.stringMatching(/-a2$/) });
        expect(own.standIn.requests.get('POST jobs (create)')).toBe(2);
      } finally {
        await engine.close();
        await own.close();
      }
    });
  });

  describe('failures are reported as what they are', () => {
    it.concurrent('a non-zero exit with its code and last log lines', async () => {
      const error = await fixture
        .executor()
        .execute(testRequest(runId, { name: 'crash', platform: 'kubernetes', codeHash: 'crash', image: NODE_IMAGE, command: ['node', '-e', 'console.error("about to fail"); process.exit(3)'] }, {}))
        .then(unexpectedSuccess, (e: unknown) => toErrorData(e));
      expect(error).toMatchObject({ code: ERROR_CODES.COMPONENT_FAILED, details: { exitCode: 3 } });
      expect(error.message).toContain('about to fail');
    });

    it.concurrent('OOMKilled, with the memory limit', async () => {
      const code = 'export function process() { const keep = []; for (;;) keep.push(Buffer.alloc(1 << 20, 1)); }';
      const error = await fixture.executor().execute(testRequest(runId, jsSpec('hog', code, { resources: { memory: '32Mi' } }), {})).then(unexpectedSuccess, (e: unknown) => toErrorData(e));
      expect(error).toMatchObject({ code: ERROR_CODES.COMPONENT_FAILED, details: { reason: 'OOMKilled', oomKilled: true, memoryLimit: '32Mi', platform: 'kubernetes', component: 'hog' } });
      expect(error.message).toContain("Kubernetes component 'hog' was killed for running out of memory");
    });

    it.concurrent('an image that does not exist (ErrImagePull: Docker really cannot find it)', async () => {
      const error = await fixture
        .executor()
        .execute(testRequest(runId, jsSpec('ghost', 'export function process() { return {}; }', { image: 'twingraph-no-such-image:1', platformOptions: { pullPolicy: 'IfNotPresent' } }), {}))
        .then(unexpectedSuccess, (e: unknown) => toErrorData(e));
      expect(error).toMatchObject({ code: ERROR_CODES.NOT_FOUND, nonRetryable: true, details: { component: 'ghost', platform: 'kubernetes', image: 'twingraph-no-such-image:1', reason: expect.stringMatching(/ErrImagePull|ImagePullBackOff/) } });
      expect(error.hint).toContain('imagePullSecrets');
    });

    it.concurrent('an image missing with pull policy Never (ErrImageNeverPull)', async () => {
      const error = await fixture
        .executor()
        .execute(testRequest(runId, jsSpec('never', 'export function process() { return {}; }', { image: 'twingraph-no-such-image:2', platformOptions: { pull_policy: 'never' } }), {}))
        .then(unexpectedSuccess, (e: unknown) => toErrorData(e));
      expect(error).toMatchObject({ code: ERROR_CODES.NOT_FOUND, details: { reason: 'ErrImageNeverPull' } });
    });

    it.concurrent('the Job deadline from timeoutMs (DeadlineExceeded), even if the engine never aborts', async () => {
      const started = Date.now();
      const error = await fixture
        .executor()
        .execute(testRequest(runId, jsSpec('slow', 'export async function process() { await new Promise((r) => setTimeout(r, 60000)); return {}; }'), {}, { timeoutMs: 1000 }))
        .then(unexpectedSuccess, (e: unknown) => toErrorData(e));
      expect(error).toMatchObject({ code: ERROR_CODES.TIMEOUT, details: { reason: 'DeadlineExceeded', activeDeadlineSeconds: 1 } });
      expect(Date.now() - started).toBeLessThan(15_000);
    });

    it.concurrent('an eviction', async () => {
      let pod: string | undefined;
      const pending = fixture.executor().execute(
        testRequest(runId, jsSpec('evictee', 'export async function process() { console.log("up"); await new Promise((r) => setTimeout(r, 60000)); return {}; }'), {}, {
          log: (_s, line) => {
            const started = /Pod (\S+) started/.exec(line);
            if (started !== null) pod = started[1];
            if (line === 'up' && pod !== undefined) void fixture.standIn.evict('default', pod);
          },
        }),
      );
      const error = await pending.then(unexpectedSuccess, (e: unknown) => toErrorData(e));
      expect(error).toMatchObject({ code: ERROR_CODES.COMPONENT_FAILED, category: 'operational', details: { reason: 'Evicted', component: 'evictee' } });
      expect(error.message).toContain('low on resource');
    });

    it.concurrent('an API-initiated eviction (the Pod deleted, e.g. by a drain): the Job fails and says why', async () => {
      let pod: string | undefined;
      const error = await fixture
        .executor()
        .execute(
          testRequest(runId, jsSpec('drained', 'export async function process() { console.log("up"); await new Promise((r) => setTimeout(r, 60000)); return {}; }'), {}, {
            log: (_s, line) => {
              pod ??= /Pod (\S+) started/.exec(line)?.[1];
              if (line === 'up') void fetch(`${fixture.standIn.url}/api/v1/namespaces/default/pods/${pod!}/eviction`, { method: 'POST', headers: { authorization: `Bearer ${fixture.standIn.token}`, 'content-type': 'application/json' }, body: '{}' });
            },
          }),
        )
        .then(unexpectedSuccess, (e: unknown) => toErrorData(e));
      expect(error).toMatchObject({ code: ERROR_CODES.COMPONENT_FAILED, category: 'operational', details: { reason: 'PodDeleted', jobReason: 'BackoffLimitExceeded', pod: expect.stringMatching(/^tg-/) } });
      expect(error.message).toContain('was deleted before it finished');
    });

    it.concurrent('a secret that does not exist (CreateContainerConfigError)', async () => {
      const error = await fixture
        .executor()
        .execute(testRequest(runId, jsSpec('nosecret', 'export function process() { return {}; }', { platformOptions: { secretEnv: { X: { secret: 'missing', key: 'k' } } } }), {}))
        .then(unexpectedSuccess, (e: unknown) => toErrorData(e));
      expect(error).toMatchObject({ code: ERROR_CODES.INVALID_OPTIONS, details: { reason: 'CreateContainerConfigError' } });
      expect(error.message).toContain('secret "missing" not found');
    });

    it.concurrent('replaces a stale Job of the same name (an earlier process died before deleting it), ignoring its Pod', async () => {
      const stale = {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'tg-stale-exec-a1', labels: { 'app.kubernetes.io/managed-by': 'twingraph', 'twingraph.io/job': 'tg-stale-exec-a1' } },
        spec: { backoffLimit: 0, template: { metadata: { labels: { 'app.kubernetes.io/managed-by': 'twingraph', 'twingraph.io/job': 'tg-stale-exec-a1' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'component', image: NODE_IMAGE, imagePullPolicy: 'Never', command: ['node', '-e', 'console.log("::twingraph-outputs::{\\"stale\\":true}")'] }] } } },
      };
      const created = await fetch(`${fixture.standIn.url}/apis/batch/v1/namespaces/default/jobs`, { method: 'POST', headers: { authorization: `Bearer ${fixture.standIn.token}`, 'content-type': 'application/json' }, body: JSON.stringify(stale) });
      expect(created.status).toBe(201);
      const outcome = await fixture.executor().execute({ ...testRequest(runId, jsSpec('fresh', 'export function process() { return { fresh: true }; }'), {}), executionId: 'stale-exec' });
      expect(outcome.outputs).toEqual({ fresh: true });
    });

    it.concurrent('the stand-in removes a finished Job after ttlSecondsAfterFinished (the safety net behind the explicit delete)', async () => {
      const job = {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'ttl-check' },
        spec: { backoffLimit: 0, ttlSecondsAfterFinished: 1, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: NODE_IMAGE, imagePullPolicy: 'Never', command: ['node', '-e', '0'] }] } } },
      };
      const auth = { authorization: `Bearer ${fixture.standIn.token}` };
      expect((await fetch(`${fixture.standIn.url}/apis/batch/v1/namespaces/tg-test/jobs`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(job) })).status).toBe(201);
      const status = async (): Promise<number> => (await fetch(`${fixture.standIn.url}/apis/batch/v1/namespaces/tg-test/jobs/ttl-check`, { headers: auth })).status;
      const deadline = Date.now() + 20_000;
      while ((await status()) === 200 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      expect(await status()).toBe(404);
      const pods = await fetch(`${fixture.standIn.url}/api/v1/namespaces/tg-test/pods?labelSelector=job-name%3Dttl-check`, { headers: auth }).then((r) => r.json() as Promise<{ items: unknown[] }>);
      expect(pods.items).toEqual([]);
    });

    it.concurrent('a Job deleted by someone else while it runs', async () => {
      let job: string | undefined;
      const error = await fixture
        .executor()
        .execute(
          testRequest(runId, jsSpec('doomed', 'export async function process() { console.log("up"); await new Promise((r) => setTimeout(r, 60000)); return {}; }'), {}, {
            log: (_s, line) => {
              job ??= /created Job default\/(\S+)/.exec(line)?.[1];
              if (line === 'up') void fetch(`${fixture.standIn.url}/apis/batch/v1/namespaces/default/jobs/${job!}?propagationPolicy=Background`, { method: 'DELETE', headers: { authorization: `Bearer ${fixture.standIn.token}` } });
            },
          }),
        )
        .then(unexpectedSuccess, (e: unknown) => toErrorData(e));
      expect(error).toMatchObject({ code: ERROR_CODES.COMPONENT_FAILED, category: 'operational', details: { reason: 'JobDeleted', component: 'doomed' } });
    });

    it.concurrent('cancel deletes the Job and kills the container', async () => {
      const controller = new AbortController();
      const pending = fixture.executor().execute(
        testRequest(runId, jsSpec('cancelled', 'export async function process() { console.log("running"); await new Promise((r) => setTimeout(r, 60000)); return {}; }'), {}, {
          signal: controller.signal,
          log: (_s, line) => {
            if (line === 'running') controller.abort(new Error('cancelled by test'));
          },
        }),
      );
      await expect(pending).rejects.toThrow('cancelled by test');
      const pods = await fetch(`${fixture.standIn.url}/api/v1/pods?labelSelector=twingraph.io/component=cancelled`, { headers: { authorization: `Bearer ${fixture.standIn.token}` } }).then((r) => r.json() as Promise<{ items: unknown[] }>);
      expect(pods.items).toEqual([]);
      const running = await podContainers();
      // Other concurrent tests may have Pods running, but none is this one's.
      const names = await Promise.all(running.map(async (id) => (await import('./stand-in/docker-pod-runner.js')).docker(['inspect', '--format', '{{index .Config.Labels "io.kubernetes.pod.name"}}', id])));
      expect(names.map((n) => n.stdout).join('')).not.toMatch(/cancelled/);
    });
  });

  describe('scheduling on the stand-in\'s one node', () => {
    it('runs a Pod that selects the node and tolerates its taint', async () => {
      const tainted = await startStandInFixture({ node: { labels: { pool: 'gpu' }, taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }] } });
      try {
        const outcome = await tainted.executor().execute(
          testRequest(runId, jsSpec('gpu-job', 'export function process() { return { ok: 1 }; }', { platformOptions: { node_selector: { pool: 'gpu' }, tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }] } }), {}),
        );
        expect(outcome).toMatchObject({ outputs: { ok: 1 }, metadata: { nodeName: 'twingraph-stand-in-node' } });
      } finally {
        await tainted.close();
      }
    });
  });

  describe('watches', () => {
    it('are shared: one Pod watch and one Job watch per namespace, however many attempts run there', async () => {
      const own = await startStandInFixture();
      const executor = own.executor();
      try {
        const outcomes = await Promise.all(Array.from({ length: 6 }, (_, i) => executor.execute(testRequest(runId, jsSpec(`many${i}`, 'export function process(i) { return i; }'), { i }))));
        expect(outcomes.map((o) => o.outputs)).toEqual(Array.from({ length: 6 }, (_, i) => ({ i })));
        expect(own.standIn.requests.get('POST jobs (create)')).toBe(6);
        expect(own.standIn.requests.get('GET pods (watch)')).toBe(1);
        expect(own.standIn.requests.get('GET jobs (watch)')).toBe(1);
      } finally {
        await executor.close();
        await own.close();
      }
    });
  });

  describe('watches survive the server ending them', () => {
    it('re-watches from the last resourceVersion when the API server closes the watch', async () => {
      const short = await startStandInFixture({ watchTimeoutSeconds: 1 });
      try {
        const outcome = await short.executor().execute(testRequest(runId, jsSpec('patient', 'export async function process() { await new Promise((r) => setTimeout(r, 2500)); return { ok: true }; }'), {}));
        expect(outcome.outputs).toEqual({ ok: true });
        expect(short.standIn.requests.get('GET pods (watch)')).toBeGreaterThan(1);
      } finally {
        await short.close();
      }
    });
  });
});
