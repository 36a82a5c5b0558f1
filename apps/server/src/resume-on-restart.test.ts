import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

// A real server process is SIGKILLed while a run is in progress, then started again on the same
// SQLite store: the run is resumed under its id, the component that had finished is reused (not run
// again, same execution id), the lost one runs again, and the run ends as an uninterrupted one would.
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const FIXTURE = join(ROOT, 'apps/server/src/restart-server.fixture.ts');
const dir = mkdtempSync(join(tmpdir(), 'tg-server-restart-'));
const MARKS = join(dir, 'marks.txt');
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) {
    if (child.exitCode !== null || child.pid === undefined) continue;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const bash = (id: string, code: string, inputs: unknown[] = []): Record<string, unknown> => ({
  id, type: 'component', language: 'bash', env: { MARKS }, inputs, outputs: [{ name: 'n', type: 'number' }], code,
});
const CHAIN = {
  apiVersion: 'twingraph/v1', kind: 'Workflow', metadata: { name: 'restart-chain' },
  nodes: [
    bash('a', 'echo a >> "$MARKS"\necho \'::twingraph-outputs::{"n":1}\''),
    bash('b', 'echo b-start >> "$MARKS"\nsleep 4\necho b-end >> "$MARKS"\necho "::twingraph-outputs::{\\"n\\":$((INPUT_N + 1))}"', [{ name: 'n', type: 'number', required: true }]),
    bash('c', 'echo c >> "$MARKS"\necho "::twingraph-outputs::{\\"n\\":$((INPUT_N + 1))}"', [{ name: 'n', type: 'number', required: true }]),
  ],
  edges: [{ source: 'a', sourceHandle: 'n', target: 'b', targetHandle: 'n' }, { source: 'b', sourceHandle: 'n', target: 'c', targetHandle: 'n' }],
};

type Launcher = 'fixture' | 'twingraph serve';
const CLI = join(ROOT, 'packages/twingraph/dist/cli/main.js');

function startServer(launcher: Launcher, home: string): Promise<{ child: ChildProcess; base: string; output: () => string }> {
  // The fixture runs the server from source on SQLite; `twingraph serve` is the built CLI as users run it
  // (its default wiring: SQLite under TWINGRAPH_HOME with the writer thread, workflows in the store).
  const args = launcher === 'fixture' ? ['--conditions=source', '--import', 'tsx', FIXTURE, home] : [CLI, 'serve', '--port', '0'];
  // Its own process group, so a kill takes its component processes too, as a crash of the host,
  // container or systemd unit does (a lone SIGKILL to the server would leave them orphaned, running).
  const child = spawn(process.execPath, args, { cwd: launcher === 'fixture' ? ROOT : home, env: { ...process.env, TWINGRAPH_HOME: home, TWINGRAPH_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  children.push(child);
  let output = '';
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), 30_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /(?:LISTENING|listening on) (http\S+)/.exec(output);
      if (match !== null) {
        clearTimeout(timer);
        resolvePromise({ child, base: match[1]!, output: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${output}`)));
  });
}

const marks = (): string[] => (existsSync(MARKS) ? readFileSync(MARKS, 'utf8').trim().split('\n') : []);

async function until<T>(read: () => Promise<T> | T, ok: (value: T) => boolean, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface Execution { status: string; error?: { message: string }; nodes: Array<{ name: string; executionId: string; status: string; outputs?: { n: number } }> }

describe('restart of a real server process', () => {
  it.each<Launcher>(['fixture', 'twingraph serve'])('%s: resumes a run interrupted by SIGKILL: finished components reused, the lost one re-run, same result', async (launcher) => {
    if (launcher === 'twingraph serve' && !existsSync(CLI)) throw new Error(`build the CLI first (npx tsc -b packages/twingraph): ${CLI} is missing`);
    const home = mkdtempSync(join(dir, 'home-'));
    rmSync(MARKS, { force: true });
    const first = await startServer(launcher, home);
    const json = { 'content-type': 'application/json' };
    const saved = await fetch(`${first.base}/api/workflows`, { method: 'POST', headers: json, body: JSON.stringify({ document: CHAIN }) });
    const workflowId = ((await saved.json()) as { id: string }).id;
    const started = await fetch(`${first.base}/api/executions`, { method: 'POST', headers: json, body: JSON.stringify({ workflowId }) });
    const { executionId } = (await started.json()) as { executionId: string };
    await until(marks, (m) => m.includes('b-start'), 20_000, 'b to start');
    // Let the run store's batched writes of a's record land, as they would long before a real crash.
    await new Promise((r) => setTimeout(r, 500));
    const before = (await (await fetch(`${first.base}/api/executions/${executionId}`)).json()) as Execution;
    const aBefore = before.nodes.find((n) => n.name === "a")!;
    expect(aBefore.status).toBe('succeeded');
    const exited = new Promise((r) => first.child.once('exit', r));
    process.kill(-first.child.pid!, 'SIGKILL');
    await exited;

    const second = await startServer(launcher, home);
    const after = await until(async () => (await (await fetch(`${second.base}/api/executions/${executionId}`)).json()) as Execution, (e) => e.status !== 'running', 30_000, 'the resumed run to end');
    expect(after.status).toBe('succeeded');
    const byName = new Map(after.nodes.map((n) => [n.name, n]));
    expect(byName.get('a')!.executionId).toBe(aBefore.executionId);
    expect(byName.get('c')!.outputs).toEqual({ n: 3 });
    expect(after.nodes).toHaveLength(3);
    // a ran once (reused on resume); b started twice (lost by the kill, run again); c ran once. (The first
    // b's bash process is in its own process group and outlives the kill; the resumed run does not wait for it.)
    expect(marks().filter((m) => m === 'a')).toHaveLength(1);
    expect(marks().filter((m) => m === 'b-start')).toHaveLength(2);
    expect(marks().filter((m) => m === 'c')).toHaveLength(1);
    const stopped = new Promise((r) => second.child.once('exit', r));
    second.child.kill('SIGTERM');
    await stopped;
  }, 90_000);
});
