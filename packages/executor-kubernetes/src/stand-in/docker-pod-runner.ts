import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** What the stand-in's kubelet runs for one Pod's container. */
export interface ContainerRun {
  /** Docker container name. */
  name: string;
  image: string;
  pullPolicy: 'Always' | 'IfNotPresent' | 'Never';
  command: string[] | undefined;
  args: string[] | undefined;
  env: Record<string, string>;
  workingDir: string | undefined;
  memoryBytes: number | undefined;
  cpus: number | undefined;
  labels: Record<string, string>;
  network: string;
}

export type PullResult = { ok: true } | { ok: false; reason: 'ErrImageNeverPull' | 'ErrImagePull'; message: string };

export interface ContainerExit {
  exitCode: number;
  reason: 'Completed' | 'Error' | 'OOMKilled' | 'StartError';
  message?: string;
}

/** Runs `docker` and collects its output; never rejects (exit code -1 when docker itself is missing). */
export function docker(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('docker', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (error) => resolve({ code: -1, stdout, stderr: error.message }));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Null when the Docker Engine answers, else why not. */
export async function dockerProblem(): Promise<string | null> {
  const result = await docker(['version', '--format', '{{.Server.Version}}']);
  return result.code === 0 ? null : `Docker is not reachable (${result.stderr.trim() || `docker exited with ${result.code}`})`;
}

/** The kubelet's image step: the image on this Docker Engine, pulled per the policy. */
export async function ensureImage(image: string, policy: ContainerRun['pullPolicy']): Promise<PullResult> {
  const present = (await docker(['image', 'inspect', '--format', '{{.Id}}', image])).code === 0;
  if (present && policy !== 'Always') return { ok: true };
  if (!present && policy === 'Never') return { ok: false, reason: 'ErrImageNeverPull', message: `Container image "${image}" is not present with pull policy of Never` };
  const pulled = await docker(['pull', '--quiet', image]);
  if (pulled.code === 0) return { ok: true };
  return { ok: false, reason: 'ErrImagePull', message: `failed to pull and unpack image "${image}": ${pulled.stderr.trim().split('\n').pop() ?? ''}` };
}

/**
 * Runs the container to its end with `docker run` (stdout and stderr line by line to `onLine`) and
 * reports how it ended, OOM kills included (State.OOMKilled); the container is removed afterwards.
 * `started` fires once Docker has the container running.
 */
export async function runContainer(run: ContainerRun, onLine: (line: string) => void, started: () => void): Promise<ContainerExit> {
  const args = ['run', '--name', run.name, '--network', run.network];
  for (const [key, value] of Object.entries(run.labels)) args.push('--label', `${key}=${value}`);
  if (run.memoryBytes !== undefined) args.push('--memory', String(run.memoryBytes), '--memory-swap', String(run.memoryBytes));
  if (run.cpus !== undefined) args.push('--cpus', String(run.cpus));
  for (const [key, value] of Object.entries(run.env)) args.push('--env', `${key}=${value}`);
  if (run.workingDir !== undefined) args.push('--workdir', run.workingDir);
  // Kubernetes `command` replaces the image's ENTRYPOINT and `args` its CMD; docker run takes the entrypoint's program alone.
  const [program, ...rest] = run.command ?? [];
  if (program !== undefined) args.push('--entrypoint', program);
  args.push(run.image, ...rest, ...(run.args ?? []));
  const child = spawn('docker', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const errors: string[] = [];
  const lines = (stream: NodeJS.ReadableStream, isErr: boolean): Promise<void> =>
    new Promise((resolve) => {
      const reader = createInterface({ input: stream, crlfDelay: Infinity });
      reader.on('line', (line) => {
        if (isErr && /^docker: |^Error response from daemon/.test(line)) errors.push(line);
        else onLine(line);
      });
      reader.on('close', resolve);
    });
  const readOut = lines(child.stdout, false);
  const readErr = lines(child.stderr, true);
  child.once('spawn', started);
  const code = await new Promise<number>((resolve) => {
    child.on('error', () => resolve(-1));
    child.on('close', (c) => resolve(c ?? 137));
  });
  await Promise.all([readOut, readErr]);
  const inspected = await docker(['inspect', '--format', '{{.State.OOMKilled}} {{.State.ExitCode}}', run.name]);
  await docker(['rm', '--force', '--volumes', run.name]);
  const [oom, exit] = inspected.stdout.trim().split(' ');
  if (oom === 'true') return { exitCode: 137, reason: 'OOMKilled' };
  if (inspected.code !== 0 || errors.length > 0) {
    // docker run failed before the program ran (no such executable, bad option): the kubelet's StartError.
    return { exitCode: 128, reason: 'StartError', message: errors.join(' ') || `docker run exited with ${code}` };
  }
  const exitCode = Number(exit ?? code);
  return { exitCode, reason: exitCode === 0 ? 'Completed' : 'Error' };
}

/** Kills and removes a container (Pod deleted, deadline passed, eviction). */
export async function killContainer(name: string): Promise<void> {
  await docker(['rm', '--force', '--volumes', name]);
}
