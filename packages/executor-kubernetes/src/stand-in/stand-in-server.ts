import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DNS_LABEL, DNS_SUBDOMAIN } from '../kubernetes-names.js';
import { admit, type AdmissionPolicy } from './admission-policy.js';
import { docker, dockerProblem } from './docker-pod-runner.js';
import { JobController } from './job-controller.js';
import { invalid, notFound, sendJson, sendStatus, status } from './k8s-status.js';
import { kubeconfigFor, type StandInKubeconfig } from './kubeconfig-file.js';
import { fieldLookup, matches, parseSelector } from './label-selector.js';
import { validateJob } from './manifest-validation.js';
import { ObjectStore, type Kind, type StoredObject } from './object-store.js';
import { resolveNode, type PretendNode } from './pretend-node.js';
import { nanosOf } from './time-text.js';

export interface KubernetesStandInOptions {
  /** TCP port; 0 picks a free one. @defaultValue 0 */
  port?: number;
  /** @defaultValue '127.0.0.1' */
  host?: string;
  /** Namespaces that exist from the start ('default' always does). @defaultValue `['default']` */
  namespaces?: string[];
  /** Bearer token clients must send. @defaultValue a random token (in the kubeconfig) */
  token?: string;
  admission?: AdmissionPolicy;
  /** Reject Jobs whose backoffLimit is not 0 (TwinGraph owns retries). @defaultValue true */
  requireBackoffLimitZero?: boolean;
  /** Docker network of Pod containers. @defaultValue 'none' */
  network?: string;
  /** The one pretend node Pods are scheduled on: its labels and taints decide nodeSelector and tolerations. */
  node?: PretendNode;
  /** Seconds after which the server ends a watch (API servers do, after minutes), so clients must re-watch. @defaultValue 300 */
  watchTimeoutSeconds?: number;
}

/** A running stand-in. */
export interface KubernetesStandIn {
  url: string;
  token: string;
  /** A kubeconfig (context 'twingraph-stand-in') pointing at this server, as an object and YAML text. */
  kubeconfig: StandInKubeconfig;
  /** Requests served, by `METHOD path-pattern` (tests check the executor watches instead of polling). */
  readonly requests: Map<string, number>;
  /** Simulates node-pressure eviction of a Pod (its container is killed, the Pod fails with reason Evicted). */
  evict(namespace: string, pod: string): Promise<boolean>;
  close(): Promise<void>;
}

const MAX_BODY = 3 * 1024 * 1024;

/**
 * A local stand-in of the Kubernetes API for tests and demos: the subset the KubernetesExecutor uses
 * (namespaces, secrets, batch/v1 Jobs with list/watch, Pods with list/watch and logs with follow),
 * Jobs validated like the API server validates them, and a Job controller + kubelet that really runs
 * each Pod's container on the local Docker Engine. It is not a cluster: no scheduler, no nodes, no
 * RBAC, no other resources (see the package README for what it proves and what it cannot).
 */
export async function startKubernetesStandIn(options: KubernetesStandInOptions = {}): Promise<KubernetesStandIn> {
  const store = new ObjectStore();
  const token = options.token ?? randomBytes(16).toString('hex');
  const instance = randomBytes(4).toString('hex');
  const controller = new JobController(store, {
    dockerProblem: await dockerProblem(),
    network: options.network ?? 'none',
    instanceLabel: `io.twingraph.k8s-stand-in.${instance}`,
    node: resolveNode(options.node),
  });
  for (const ns of new Set(['default', ...(options.namespaces ?? [])])) store.create('namespaces', namespaceObject(ns));
  const requests = new Map<string, number>();
  const watches = new Set<ServerResponse>();
  const context: RouteContext = { store, controller, options, watches };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    if (req.headers.authorization !== `Bearer ${token}` && url.pathname !== '/healthz') {
      sendStatus(res, status(401, 'Unauthorized', 'Unauthorized'));
      return;
    }
    readBody(req)
      .then((body) => route(context, req.method ?? 'GET', url, body, res, requests))
      .catch((error: unknown) => {
        if (!res.headersSent) sendStatus(res, status(typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : 500, 'InternalError', error instanceof Error ? error.message : String(error)));
        else res.end();
      });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const address = server.address() as AddressInfo;
  const url = `http://${options.host ?? '127.0.0.1'}:${address.port}`;
  return {
    url,
    token,
    kubeconfig: kubeconfigFor(url, token),
    requests,
    evict: (namespace, pod) => controller.evict(namespace, pod, 'The node was low on resource: memory. Threshold quantity: 100Mi, available: 42Mi.'),
    async close() {
      for (const res of watches) res.end();
      await controller.close();
      // Containers of this instance that a crash left behind.
      const left = await docker(['ps', '--all', '--quiet', '--filter', `label=io.twingraph.k8s-stand-in.${instance}`]);
      const ids = left.stdout.split('\n').filter(Boolean);
      if (ids.length > 0) await docker(['rm', '--force', ...ids]);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface RouteContext {
  store: ObjectStore;
  controller: JobController;
  options: KubernetesStandInOptions;
  watches: Set<ServerResponse>;
}

async function route(ctx: RouteContext, method: string, url: URL, body: string, res: ServerResponse, requests: Map<string, number>): Promise<void> {
  const path = url.pathname.replace(/\/+$/, '');
  const count = (pattern: string): void => void requests.set(`${method} ${pattern}`, (requests.get(`${method} ${pattern}`) ?? 0) + 1);
  let m: RegExpExecArray | null;
  if (path === '/healthz' || path === '/readyz') {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    return;
  }
  if (path === '/version') {
    sendJson(res, 200, { major: '1', minor: '31', gitVersion: 'v1.31.0-twingraph-stand-in', platform: `${process.platform}/${process.arch}` });
    return;
  }
  if (path === '/api/v1/namespaces') {
    count('namespaces');
    if (method === 'POST') return createNamespace(ctx, body, res);
    return list(ctx, 'namespaces', undefined, url, res, 'NamespaceList', 'v1');
  }
  if ((m = /^\/api\/v1\/namespaces\/([^/]+)$/.exec(path)) !== null) {
    count('namespace');
    const nsName = m[1]!;
    const found = ctx.store.get('namespaces', undefined, nsName);
    if (found === undefined) return sendStatus(res, notFound('namespaces', nsName));
    if (method === 'DELETE') {
      ctx.store.delete('namespaces', undefined, nsName);
      for (const job of ctx.store.list('jobs', nsName)) {
        ctx.store.delete('jobs', nsName, job.metadata.name);
        await ctx.controller.jobDeleted(job, 'Background');
      }
    }
    return sendJson(res, 200, found);
  }
  if ((m = /^\/api\/v1\/pods$/.exec(path)) !== null) return list(ctx, 'pods', undefined, url, res, 'PodList', 'v1', () => count('pods'));
  if ((m = /^\/apis\/batch\/v1\/jobs$/.exec(path)) !== null) return list(ctx, 'jobs', undefined, url, res, 'JobList', 'batch/v1', () => count('jobs'));
  if ((m = /^\/api\/v1\/namespaces\/([^/]+)\/(pods|secrets)(?:\/([^/]+))?(\/log|\/eviction)?$/.exec(path)) !== null) {
    const [, ns, resource, name, log] = m as unknown as [string, string, 'pods' | 'secrets', string | undefined, string | undefined];
    // Like the API server: lists and watches in a namespace that does not exist are empty; creates are 404.
    if (name === undefined) {
      if (method === 'POST' && resource === 'secrets') {
        if (ctx.store.get('namespaces', undefined, ns) === undefined) return sendStatus(res, notFound('namespaces', ns));
        return createSecret(ctx, ns, body, res);
      }
      return list(ctx, resource, ns, url, res, resource === 'pods' ? 'PodList' : 'SecretList', 'v1', () => count(`${resource}${url.searchParams.get('watch') === 'true' ? ' (watch)' : ''}`));
    }
    const object = ctx.store.get(resource, ns, name);
    if (object === undefined) return sendStatus(res, notFound(resource, name));
    if (log === '/eviction' && resource === 'pods' && method === 'POST') {
      // API-initiated eviction (kubectl drain): no PodDisruptionBudgets here, so it is always allowed.
      count('pods/eviction');
      await ctx.controller.deletePod(ns, name);
      return sendJson(res, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
    }
    if (log === '/log' && resource === 'pods') {
      count('pods/log');
      return podLog(ctx, ns, name, url, res);
    }
    count(`${resource}/name`);
    if (method === 'DELETE') {
      const deleted = resource === 'pods' ? await ctx.controller.deletePod(ns, name) : ctx.store.delete(resource, ns, name);
      return sendJson(res, 200, deleted ?? object);
    }
    return sendJson(res, 200, object);
  }
  if ((m = /^\/apis\/batch\/v1\/namespaces\/([^/]+)\/jobs(?:\/([^/]+))?(\/status)?$/.exec(path)) !== null) {
    const [, ns, name] = m as unknown as [string, string, string | undefined];
    if (name === undefined) {
      if (method === 'POST') {
        count('jobs (create)');
        return createJob(ctx, ns, body, url, res);
      }
      return list(ctx, 'jobs', ns, url, res, 'JobList', 'batch/v1', () => count(`jobs${url.searchParams.get('watch') === 'true' ? ' (watch)' : ''}`));
    }
    const job = ctx.store.get('jobs', ns, name);
    if (job === undefined) return sendStatus(res, notFound('jobs', name, 'batch'));
    if (method === 'DELETE') {
      count('jobs/name (delete)');
      const options = body === '' ? {} : (JSON.parse(body) as { propagationPolicy?: string });
      // batch/v1 Jobs orphan their Pods unless told otherwise (kubectl sends Background).
      const propagation = url.searchParams.get('propagationPolicy') ?? options.propagationPolicy ?? 'Orphan';
      ctx.store.delete('jobs', ns, name);
      await ctx.controller.jobDeleted(job, propagation);
      return sendJson(res, 200, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name, group: 'batch', kind: 'jobs', uid: job.metadata.uid } });
    }
    count('jobs/name');
    return sendJson(res, 200, job);
  }
  sendStatus(res, status(404, 'NotFound', `the server could not find the requested resource (${method} ${path}): the TwinGraph stand-in serves namespaces, secrets, batch/v1 jobs, pods and pods/log only`));
}

function createNamespace(ctx: RouteContext, body: string, res: ServerResponse): void {
  const ns = parseObject(body);
  const name = ns?.metadata?.name ?? '';
  if (!DNS_LABEL.test(name)) return sendStatus(res, invalid('Namespace', '', name, [{ reason: 'FieldValueInvalid', field: 'metadata.name', message: `Invalid value: "${name}": a lowercase RFC 1123 label` }]));
  if (ctx.store.get('namespaces', undefined, name) !== undefined) return sendStatus(res, status(409, 'AlreadyExists', `namespaces "${name}" already exists`, { name, kind: 'namespaces' }));
  sendJson(res, 201, ctx.store.create('namespaces', namespaceObject(name)));
}

function createSecret(ctx: RouteContext, ns: string, body: string, res: ServerResponse): void {
  const secret = parseObject(body);
  const name = secret?.metadata?.name ?? '';
  if (!DNS_SUBDOMAIN.test(name)) return sendStatus(res, invalid('Secret', '', name, [{ reason: 'FieldValueInvalid', field: 'metadata.name', message: `Invalid value: "${name}": a lowercase RFC 1123 subdomain` }]));
  if (ctx.store.get('secrets', ns, name) !== undefined) return sendStatus(res, status(409, 'AlreadyExists', `secrets "${name}" already exists`, { name, kind: 'secrets' }));
  const data: Record<string, string> = { ...((secret as { data?: Record<string, string> }).data ?? {}) };
  for (const [key, value] of Object.entries((secret as { stringData?: Record<string, string> }).stringData ?? {})) data[key] = Buffer.from(value).toString('base64');
  sendJson(res, 201, ctx.store.create('secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: ns }, type: 'Opaque', data }));
}

function createJob(ctx: RouteContext, ns: string, body: string, url: URL, res: ServerResponse): void {
  if (Buffer.byteLength(body) > 1.5 * 1024 * 1024) return sendStatus(res, status(413, 'RequestEntityTooLarge', 'etcdserver: request is too large'));
  const job = parseObject(body);
  if (job === undefined) return sendStatus(res, status(400, 'BadRequest', 'the body of the request was in an unknown format - accepted media types include: application/json'));
  if (job.metadata?.namespace !== undefined && job.metadata.namespace !== ns) {
    return sendStatus(res, status(400, 'BadRequest', 'the namespace of the provided object does not match the namespace sent on the request'));
  }
  if (ctx.store.get('namespaces', undefined, ns) === undefined) return sendStatus(res, notFound('namespaces', ns));
  const name = job.metadata?.name ?? '';
  const causes = validateJob(job, { requireBackoffLimitZero: ctx.options.requireBackoffLimitZero ?? true });
  if (causes.length > 0) return sendStatus(res, invalid('Job', 'batch', name, causes));
  if (ctx.store.get('jobs', ns, name) !== undefined) return sendStatus(res, status(409, 'AlreadyExists', `jobs.batch "${name}" already exists`, { name, group: 'batch', kind: 'jobs' }));
  job.metadata.namespace = ns;
  const refused = admit(ctx.options.admission ?? {}, ctx.store, ns, job);
  if (refused !== undefined) return sendStatus(res, refused);
  if (url.searchParams.get('dryRun') === 'All') return sendJson(res, 201, job);
  const stored = ctx.store.create('jobs', { ...job, apiVersion: 'batch/v1', kind: 'Job' });
  ctx.controller.jobCreated(stored);
  sendJson(res, 201, ctx.store.get('jobs', ns, name));
}

function list(ctx: RouteContext, kind: Kind, ns: string | undefined, url: URL, res: ServerResponse, listKind: string, apiVersion: string, count?: () => void): void {
  count?.();
  let labels: ReturnType<typeof parseSelector>;
  let fields: ReturnType<typeof parseSelector>;
  try {
    labels = parseSelector(url.searchParams.get('labelSelector'));
    fields = parseSelector(url.searchParams.get('fieldSelector'));
    for (const f of fields) fieldLookup({})(f.key);
  } catch (error) {
    return sendStatus(res, status(400, 'BadRequest', error instanceof Error ? error.message : String(error)));
  }
  const filter = (o: StoredObject): boolean => matches(labels, (k) => o.metadata.labels?.[k]) && matches(fields, fieldLookup(o));
  if (url.searchParams.get('watch') !== 'true' && url.searchParams.get('watch') !== '1') {
    return sendJson(res, 200, { kind: listKind, apiVersion, metadata: { resourceVersion: ctx.store.resourceVersion }, items: ctx.store.list(kind, ns, filter) });
  }
  res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
  const unsubscribe = ctx.store.watch(kind, ns, filter, url.searchParams.get('resourceVersion') ?? undefined, (type, json) => {
    res.write(`{"type":"${type}","object":${json}}\n`);
  });
  if (unsubscribe === false) {
    res.end(`${JSON.stringify({ type: 'ERROR', object: status(410, 'Expired', `too old resource version: ${url.searchParams.get('resourceVersion') ?? ''} (${ctx.store.resourceVersion})`) })}\n`);
    return;
  }
  ctx.watches.add(res);
  const seconds = Number(url.searchParams.get('timeoutSeconds') ?? ctx.options.watchTimeoutSeconds ?? 300);
  const timer = setTimeout(() => res.end(), seconds * 1000);
  timer.unref();
  res.on('close', () => {
    clearTimeout(timer);
    unsubscribe();
    ctx.watches.delete(res);
  });
}

function podLog(ctx: RouteContext, ns: string, name: string, url: URL, res: ServerResponse): void {
  const pod = ctx.store.get('pods', ns, name)!;
  const container = url.searchParams.get('container') ?? undefined;
  const containers = ((pod['spec'] as { containers?: { name: string }[] }).containers ?? []).map((c) => c.name);
  if (container !== undefined && !containers.includes(container)) {
    return sendStatus(res, status(400, 'BadRequest', `container ${container} is not valid for pod ${name}`));
  }
  const buffer = ctx.controller.logs.get(`${ns}/${name}`);
  if (buffer === undefined) {
    const waiting = (pod['status'] as { containerStatuses?: { state?: { waiting?: { reason?: string } } }[] }).containerStatuses?.[0]?.state?.waiting?.reason ?? 'ContainerCreating';
    return sendStatus(res, status(400, 'BadRequest', `container "${container ?? containers[0] ?? ''}" in pod "${name}" is waiting to start: ${waiting}`));
  }
  const since = url.searchParams.get('sinceTime');
  const tail = url.searchParams.get('tailLines');
  buffer.serve(res, {
    follow: url.searchParams.get('follow') === 'true',
    timestamps: url.searchParams.get('timestamps') === 'true',
    ...(since === null ? {} : { sinceNs: nanosOf(since) }),
    ...(tail === null ? {} : { tailLines: Number(tail) }),
  });
}

function namespaceObject(name: string): StoredObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'kubernetes.io/metadata.name': name } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } };
}

function parseObject(body: string): (StoredObject & { metadata: StoredObject['metadata'] }) | undefined {
  try {
    const parsed = JSON.parse(body) as StoredObject;
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    parsed.metadata ??= { name: '' };
    return parsed;
  } catch {
    return undefined;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(Object.assign(new Error('Request entity too large: limit is 3145728'), { code: 413 }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
