import { Writable } from 'node:stream';
import type Docker from 'dockerode';
import { componentFailedError, fromErrorDataSafe, LineSplitter, noOutputsError, OutputCollector, parseOutputsJson, invalidOutputsError, type CollectedOutput, type ExecutionRequest } from './core-imports.js';
import { outOfMemory } from './docker-errors.js';
import type { ContainerSpec } from './container-spec.js';
import { statusCode } from './image-resolver.js';
import { createTar, readFirstTarFile } from './tar-archive.js';

export interface ContainerResult {
  outputs: Record<string, unknown>;
  exitCode: number;
  containerId: string;
  outputsSource: 'marker' | 'outputs.json' | 'stdout-json';
}

/**
 * One attempt in one container: create it, copy the work dir in (putArchive: works with remote
 * daemons, unlike bind mounts), attach to its output before starting it so no line is lost, wait,
 * read the outputs (marker line, else outputs.json through getArchive), and always remove it —
 * after success, failure, timeout or cancel. On abort the container is killed and removed, then
 * the attempt rejects with the signal's reason.
 */
export async function runContainer(docker: Docker, spec: ContainerSpec, request: ExecutionRequest): Promise<ContainerResult> {
  const { signal } = request;
  if (signal.aborted) throw signal.reason;
  let created: Promise<Docker.Container> | undefined;
  let aborted = false;
  const work = (async (): Promise<ContainerResult> => {
    created = docker.createContainer(createOptions(spec));
    const container = await created;
    if (aborted) throw signal.reason;
    const archive = createTar([{ path: `${spec.workDir.replace(/^\/+/, '')}/` }, ...spec.files.map((f) => ({ path: `${spec.workDir.replace(/^\/+/, '')}/${f.path}`, content: f.content }))]);
    await container.putArchive(archive, { path: '/' });
    const collector = new OutputCollector((stream, line) => request.log(stream, line), { jsonStdout: spec.jsonStdout });
    const stream = await container.attach({ stream: true, stdout: true, stderr: true });
    const ended = demultiplex(docker, stream, collector);
    if (aborted) throw signal.reason;
    await container.start();
    const [waited] = await Promise.all([container.wait() as Promise<{ StatusCode: number }>, ended]);
    if (aborted) throw signal.reason;
    const collected = collector.result;
    if (collected.error !== undefined) throw fromErrorDataSafe(collected.error);
    const exitCode = waited.StatusCode;
    if (exitCode !== 0) {
      collector.release();
      const state = (await container.inspect()).State;
      if (state.OOMKilled) throw outOfMemory(request.component.name, spec.memoryBytes, collector.tail);
      throw componentFailedError(request.component.name, { exitCode, signal: null, logTail: collector.tail });
    }
    const resolved = await readOutputs(container, spec, request.component.name, collected);
    if (resolved.source !== 'stdout-json') collector.release();
    return { outputs: resolved.outputs, exitCode, containerId: container.id, outputsSource: resolved.source };
  })();
  work.catch(() => undefined);
  let onAbort: (() => void) | undefined;
  const abort = new Promise<never>((_, reject) => {
    onAbort = () => {
      aborted = true;
      reject(signal.reason as unknown);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, abort]);
  } finally {
    signal.removeEventListener('abort', onAbort!);
    await removeContainer(created);
  }
}

function createOptions(spec: ContainerSpec): Docker.ContainerCreateOptions {
  return {
    Image: spec.image,
    Cmd: spec.cmd,
    ...(spec.entrypoint === undefined ? {} : { Entrypoint: spec.entrypoint }),
    Env: spec.env,
    ...(spec.workingDir === undefined ? {} : { WorkingDir: spec.workingDir }),
    ...(spec.user === undefined ? {} : { User: spec.user }),
    Labels: spec.labels,
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
    HostConfig: {
      NetworkMode: spec.network,
      // Memory and swap equal: over the limit the container is OOM-killed instead of swapping.
      ...(spec.memoryBytes === undefined ? {} : { Memory: spec.memoryBytes, MemorySwap: spec.memoryBytes }),
      ...(spec.nanoCpus === undefined ? {} : { NanoCpus: spec.nanoCpus }),
      ...(spec.gpus === undefined ? {} : { DeviceRequests: [{ Driver: '', Count: spec.gpus, Capabilities: [['gpu']] }] }),
      ...(spec.binds === undefined ? {} : { Binds: spec.binds }),
    },
  };
}

/** Splits the multiplexed attach stream into stdout/stderr lines; resolves when the stream ends. */
function demultiplex(docker: Docker, stream: NodeJS.ReadableStream, collector: OutputCollector): Promise<void> {
  const sink = (name: 'stdout' | 'stderr'): { writable: Writable; splitter: LineSplitter } => {
    const splitter = new LineSplitter((line) => collector.onLine(name, line));
    const writable = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        splitter.push(chunk);
        callback();
      },
    });
    return { writable, splitter };
  };
  const out = sink('stdout');
  const err = sink('stderr');
  docker.modem.demuxStream(stream, out.writable, err.writable);
  return new Promise<void>((resolve) => {
    const done = (): void => {
      out.splitter.end();
      err.splitter.end();
      resolve();
    };
    stream.once('end', done);
    stream.once('close', done);
    stream.once('error', done);
  });
}

async function readOutputs(
  container: Docker.Container,
  spec: ContainerSpec,
  component: string,
  collected: CollectedOutput,
): Promise<{ outputs: Record<string, unknown>; source: ContainerResult['outputsSource'] }> {
  const parse = (source: string, text: string): Record<string, unknown> => {
    const parsed = parseOutputsJson(text);
    if (!parsed.ok) throw invalidOutputsError(component, source, parsed.problem, text);
    return parsed.value;
  };
  if (collected.marker !== undefined) return { outputs: parse('marker line', collected.marker), source: 'marker' };
  const file = await readContainerFile(container, `${spec.workDir}/outputs.json`);
  if (file !== undefined) return { outputs: parse('outputs.json', file), source: 'outputs.json' };
  if (collected.jsonLine !== undefined) return { outputs: collected.jsonLine.value, source: 'stdout-json' };
  if (collected.badJsonLine !== undefined) throw invalidOutputsError(component, 'last JSON line of stdout', collected.badJsonLine.problem, collected.badJsonLine.text);
  throw noOutputsError(component);
}

async function readContainerFile(container: Docker.Container, path: string): Promise<string | undefined> {
  let stream: NodeJS.ReadableStream;
  try {
    stream = await container.getArchive({ path });
  } catch (error) {
    if (statusCode(error) === 404) return undefined;
    throw error;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return readFirstTarFile(Buffer.concat(chunks))?.toString('utf8');
}

async function removeContainer(created: Promise<Docker.Container> | undefined): Promise<void> {
  const container = await created?.catch(() => undefined);
  if (container === undefined) return;
  try {
    await container.remove({ force: true, v: true });
  } catch (error) {
    // 404: already gone; 409: a removal is already in progress.
    const code = statusCode(error);
    if (code !== 404 && code !== 409) throw error;
  }
}
