// API server benchmark on loopback: requests/s and latency percentiles of POST /api/executions (a 10-node
// workflow) and GET /api/executions/:id, loaded by autocannon in a separate process (C connections for D
// seconds; bench/server-load-client.mjs), and WebSocket fan-out of node events to 100 subscribers.
// Engine on SQLite in a temp dir, auth on (bearer JWT), rate limit off. Usage: node bench/server.bench.mjs
// (BENCH_SERVER_SECONDS default 5, BENCH_SERVER_CONCURRENCY default 32, BENCH_WS_SUBSCRIBERS default 100).
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { createDefaultRuntimes, createEngine, LocalExecutor } from '@twingraph/core';
import { createSqliteStores } from '@twingraph/store-sql';
import { createServer, FileWorkflowStore, hashPassword } from '@twingraph/server';
import { updateResults } from './results-file.mjs';

const SECONDS = Number(process.env.BENCH_SERVER_SECONDS ?? 5);
const C = Number(process.env.BENCH_SERVER_CONCURRENCY ?? 32);
const SUBSCRIBERS = Number(process.env.BENCH_WS_SUBSCRIBERS ?? 100);
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN; };

const TEN_NODES = {
  apiVersion: 'twingraph/v1', kind: 'Workflow', metadata: { name: 'bench-ten' },
  nodes: Array.from({ length: 10 }, (_, i) => ({
    id: `n${i}`, type: 'component', language: 'javascript', inputs: i === 0 ? [] : [{ name: 'x', type: 'number', required: true }], outputs: [{ name: 'x', type: 'number' }],
    code: 'export function process(inputs) { return { x: (inputs.x ?? 0) + 1 }; }',
  })),
  edges: Array.from({ length: 9 }, (_, i) => ({ source: `n${i}`, sourceHandle: 'x', target: `n${i + 1}`, targetHandle: 'x' })),
};

const dir = mkdtempSync(join(tmpdir(), 'twingraph-server-bench-'));
const stores = createSqliteStores(join(dir, 'twingraph.db'));
const engine = createEngine({ executors: [new LocalExecutor({ runtimes: createDefaultRuntimes({ cacheDir: join(dir, 'build') }) })], runStore: stores.runStore, lineageStore: stores.lineageStore });
const server = await createServer({
  engine, workflowStore: new FileWorkflowStore({ dir: join(dir, 'workflows') }), logger: false, rateLimitMax: false,
  auth: { users: [{ username: 'bench', passwordHash: hashPassword('bench'), roles: ['editor'] }] },
});
const base = await server.listen({ port: 0, host: '127.0.0.1' });
const json = (res) => res.json();
const { token } = await fetch(`${base}/api/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench', password: 'bench' }) }).then(json);
const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
const { id: workflowId } = await fetch(`${base}/api/workflows`, { method: 'POST', headers, body: JSON.stringify({ document: TEN_NODES }) }).then(json);

/** Runs autocannon in a child process against this server; resolves its figures. */
function load(name, spec) {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./server-load-client.mjs', import.meta.url)), JSON.stringify({ connections: C, seconds: SECONDS, headers, ...spec })], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`load client for ${name} exited ${code}`));
      const row = { name, ...JSON.parse(out) };
      console.log(`${name.padEnd(34)} ${Math.round(row.rps).toString().padStart(6)} req/s  p50 ${row.p50} ms  p99 ${row.p99} ms  errors ${row.errors}`);
      resolve(row);
    });
  });
}

const post = await load('POST /api/executions (10 nodes)', { url: `${base}/api/executions`, method: 'POST', body: JSON.stringify({ workflowId }) });
const { items } = await fetch(`${base}/api/executions?limit=200`, { headers }).then(json);
const ids = items.map((e) => e.runId);
// Let the started runs drain so the GET figures measure reads, not competition with 10-node runs.
for (const id of ids) for (let i = 0; i < 600 && server.executions.isActive(id); i++) await new Promise((r) => setTimeout(r, 100));
const get = await load('GET /api/executions/:id', { url: base, method: 'GET', paths: ids.map((id) => `/api/executions/${id}`) });

// WebSocket fan-out: SUBSCRIBERS sockets subscribed to all; one run; delivery latency = receipt − event time.
const sockets = await Promise.all(Array.from({ length: SUBSCRIBERS }, () => new Promise((resolve, reject) => {
  const ws = new WebSocket(`${base.replace('http', 'ws')}/ws?token=${token}`);
  ws.once('open', () => { ws.send(JSON.stringify({ type: 'subscribe', all: true })); resolve(ws); });
  ws.once('error', reject);
})));
await new Promise((r) => setTimeout(r, 200));
const delays = [];
let received = 0;
let finish;
const allDone = new Promise((r) => (finish = r));
let finished = 0;
for (const ws of sockets) {
  ws.on('message', (data) => {
    const m = JSON.parse(data.toString());
    if (m.id === undefined) return;
    received++;
    delays.push(Date.now() - Date.parse(m.at));
    if (m.type === 'execution:update' && m.status !== 'running' && ++finished === SUBSCRIBERS) finish();
  });
}
const t0 = performance.now();
await fetch(`${base}/api/executions`, { method: 'POST', headers, body: JSON.stringify({ workflowId }) });
await allDone;
const wsSeconds = (performance.now() - t0) / 1000;
const ws = { subscribers: SUBSCRIBERS, events: received / SUBSCRIBERS, messagesPerSecond: received / wsSeconds, p50: pct(delays, 0.5), p99: pct(delays, 0.99) };
console.log(`WebSocket fan-out to ${SUBSCRIBERS}: ${ws.events} events each, ${Math.round(ws.messagesPerSecond)} msg/s, delivery p50 ${ws.p50} ms p99 ${ws.p99} ms`);
for (const s of sockets) s.close();

await server.close();
await engine.close();
await stores.close();
rmSync(dir, { recursive: true, force: true });

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
updateResults('server', [
  `## API server (\`node bench/server.bench.mjs\`, ${new Date().toISOString().slice(0, 10)}, ${machine})`,
  '',
  `Loopback, SQLite stores, bearer JWT, rate limit off; autocannon (separate process), ${C} connections for ${SECONDS} s each.`,
  '',
  '| request | requests | req/s | p50 ms | p99 ms | errors |',
  '| --- | --- | --- | --- | --- | --- |',
  ...[post, get].map((r) => `| ${r.name} | ${r.requests} | ${Math.round(r.rps)} | ${r.p50} | ${r.p99} | ${r.errors} |`),
  '',
  `WebSocket fan-out: ${SUBSCRIBERS} subscribers to all events, one 10-node run (${ws.events} events each): ${Math.round(ws.messagesPerSecond)} messages/s, delivery latency (receipt − event time, ms clock) p50 ${ws.p50} ms, p99 ${ws.p99} ms.`,
].join('\n'));
