#!/usr/bin/env node
// TwinGraph component runtime for AWS Lambda (container-image functions) and AWS Batch jobs.
// Plain Node.js 20, no dependencies: it is copied into the runtime image as is (see Dockerfile).
//
// The executor sends a *launch payload*: the work dir files (inputs.json, TwinGraph's harness, the
// component's code), the command and its environment, exactly what the Docker executor runs in a
// container; or `{ payloadUrl }`, a presigned S3 URL of that payload when it is too large to send
// inline. This program writes the files, runs the command, passes its log lines through, and reports
// the outputs (the `::twingraph-outputs::` line, else outputs.json, else, for C++/Rust, the last JSON
// line of stdout):
//   Lambda (AWS_LAMBDA_RUNTIME_API set): the Runtime API loop; each invocation's response is
//     `{ status, outputsText | outputsStored, exitCode, logTail, error }`.
//   Batch (TWINGRAPH_PAYLOAD or TWINGRAPH_PAYLOAD_URL set): one run; the outputs marker line goes to
//     stdout (CloudWatch Logs), or the outputs go to the presigned `outputsUrl` when they are larger
//     than one log event may be, announced by `::twingraph-outputs-stored::`. Exit code = the component's.
import { spawn } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

const OUTPUTS_MARKER = '::twingraph-outputs::';
const ERROR_MARKER = '::twingraph-error::';
const STORED_MARKER = '::twingraph-outputs-stored::';
const TAIL_LINES = 20;

async function loadPayload(event) {
  if (typeof event?.payloadUrl !== 'string') return event;
  const response = await fetch(event.payloadUrl);
  if (!response.ok) throw new Error(`could not read the launch payload from its presigned URL: HTTP ${response.status}`);
  return response.json();
}

/** The array index of an AWS Batch array job child (moto sets only AWS_BATCH_JOB_ID `<parent>:<index>`). */
function arrayIndex() {
  const explicit = process.env.AWS_BATCH_JOB_ARRAY_INDEX;
  if (explicit !== undefined && explicit !== '') return Number(explicit);
  const match = /:(\d+)$/.exec(process.env.AWS_BATCH_JOB_ID ?? '');
  return match === null ? undefined : Number(match[1]);
}

/** Writes the work dir, runs the command, collects outputs. `echo` receives every log line. */
async function runComponent(payload, echo) {
  const workDir = payload.workDir;
  await rm(workDir, { recursive: true, force: true });
  await mkdir(workDir, { recursive: true });
  const env = { ...process.env, ...payload.env };
  const index = payload.array === true ? arrayIndex() : undefined;
  for (const file of payload.files) {
    let content = file.content;
    if (index !== undefined && file.path === 'inputs.json') {
      // Array job child: its index is an input, so one component maps over a list.
      const inputs = { ...JSON.parse(content), array_index: index };
      content = JSON.stringify(inputs);
      env.TWINGRAPH_ARRAY_INDEX = String(index);
      if (env.TWINGRAPH_INPUTS !== undefined) env.TWINGRAPH_INPUTS = content;
    }
    const path = join(workDir, file.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
  }
  const tail = [];
  let marker;
  let errorData;
  let jsonLine;
  const onLine = (stream, line) => {
    if (stream === 'stdout') {
      const at = line.indexOf(OUTPUTS_MARKER);
      if (at !== -1) {
        if (at > 0) onLine(stream, line.slice(0, at));
        marker = line.slice(at + OUTPUTS_MARKER.length);
        return;
      }
      const errorAt = line.indexOf(ERROR_MARKER);
      if (errorAt !== -1) {
        errorData = line.slice(errorAt + ERROR_MARKER.length);
        return;
      }
      if (payload.jsonStdout === true && /^\s*\{/.test(line)) {
        try {
          JSON.parse(line);
          if (jsonLine !== undefined) echo(stream, jsonLine);
          jsonLine = line;
          return;
        } catch {
          // an ordinary log line
        }
      }
    }
    tail.push(line);
    if (tail.length > TAIL_LINES) tail.shift();
    echo(stream, line);
  };
  const [program, ...args] = payload.command;
  const child = spawn(program, args, { cwd: workDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  // Lambda has no API to stop an invocation: the executor writes a cancel marker to S3 instead, and
  // the runtime, polling its presigned URL, kills the component and answers 'cancelled'.
  let cancelled = false;
  const watcher = typeof payload.cancelUrl !== 'string' ? undefined : setInterval(() => {
    fetch(payload.cancelUrl).then((response) => {
      if (response.ok && !cancelled) {
        cancelled = true;
        echo('stderr', 'twingraph runtime: cancelled by TwinGraph, stopping the component');
        child.kill('SIGKILL');
      }
    }, () => undefined);
  }, payload.cancelPollMs ?? 2000);
  const pump = (stream, name) =>
    new Promise((resolve) => {
      let pending = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk) => {
        pending += chunk;
        let nl;
        while ((nl = pending.indexOf('\n')) !== -1) {
          onLine(name, pending.slice(0, nl).replace(/\r$/, ''));
          pending = pending.slice(nl + 1);
        }
      });
      stream.on('end', () => {
        if (pending !== '') onLine(name, pending);
        resolve();
      });
    });
  const exited = new Promise((resolve) => {
    child.on('error', (error) => resolve({ exitCode: 127, signal: null, spawnError: `${program}: ${error.message}` }));
    child.on('close', (exitCode, signal) => resolve({ exitCode, signal }));
  });
  const [exit] = await Promise.all([exited, pump(child.stdout, 'stdout'), pump(child.stderr, 'stderr')]);
  if (watcher !== undefined) clearInterval(watcher);
  if (exit.spawnError !== undefined) onLine('stderr', exit.spawnError);
  let outputsText;
  let source;
  if (marker !== undefined) [outputsText, source] = [marker, 'marker'];
  else {
    const file = await readFile(join(workDir, 'outputs.json'), 'utf8').catch(() => undefined);
    if (file !== undefined) [outputsText, source] = [file, 'outputs.json'];
    else if (jsonLine !== undefined && exit.exitCode === 0) [outputsText, source] = [jsonLine, 'stdout-json'];
  }
  if (jsonLine !== undefined && source !== 'stdout-json') echo('stdout', jsonLine);
  await rm(workDir, { recursive: true, force: true }).catch(() => undefined);
  return { ...exit, outputsText, source, errorData, tail, arrayIndex: index, cancelled };
}

async function storeOutputs(payload, text) {
  const response = await fetch(payload.outputsUrl, { method: 'PUT', body: text, headers: { 'content-type': 'application/json' } });
  if (!response.ok) throw new Error(`could not write the outputs to their presigned URL: HTTP ${response.status}`);
}

function result(payload, run) {
  if (run.cancelled) return { status: 'cancelled', logTail: run.tail };
  if (run.errorData !== undefined) return { status: 'error', error: run.errorData, logTail: run.tail };
  if (run.exitCode !== 0) return { status: 'failed', exitCode: run.exitCode, signal: run.signal, logTail: run.tail };
  if (run.outputsText === undefined) return { status: 'no-outputs', logTail: run.tail };
  return { status: 'succeeded', source: run.source, outputsText: run.outputsText };
}

async function lambdaLoop(api) {
  const base = `http://${api}/2018-06-01/runtime/invocation`;
  for (;;) {
    const next = await fetch(`${base}/next`);
    const requestId = next.headers.get('lambda-runtime-aws-request-id');
    let body;
    try {
      const payload = await loadPayload(await next.json());
      const run = await runComponent(payload, (stream, line) => (stream === 'stderr' ? console.error(line) : console.log(line)));
      body = result(payload, run);
      const limit = payload.inlineOutputsLimit ?? 5 * 1024 * 1024;
      if (body.status === 'succeeded' && Buffer.byteLength(body.outputsText) > limit && typeof payload.outputsUrl === 'string') {
        await storeOutputs(payload, body.outputsText);
        body = { status: 'succeeded', source: body.source, outputsStored: true };
      }
    } catch (error) {
      await fetch(`${base}/${requestId}/error`, {
        method: 'POST',
        headers: { 'Lambda-Runtime-Function-Error-Type': 'TwinGraph.RuntimeError' },
        body: JSON.stringify({ errorType: 'TwinGraph.RuntimeError', errorMessage: error instanceof Error ? error.message : String(error) }),
      });
      continue;
    }
    await fetch(`${base}/${requestId}/response`, { method: 'POST', body: JSON.stringify(body) });
  }
}

async function batchRun() {
  const inline = process.env.TWINGRAPH_PAYLOAD;
  const payload = await loadPayload(inline !== undefined ? JSON.parse(inline) : { payloadUrl: process.env.TWINGRAPH_PAYLOAD_URL });
  const run = await runComponent(payload, (stream, line) => (stream === 'stderr' ? process.stderr.write(`${line}\n`) : process.stdout.write(`${line}\n`)));
  if (run.errorData !== undefined) {
    process.stdout.write(`${ERROR_MARKER}${run.errorData}\n`);
    return 1;
  }
  if (run.exitCode !== 0) return run.exitCode ?? 1;
  if (run.outputsText !== undefined) {
    // One CloudWatch Logs event holds at most 256 KiB: larger outputs go to S3.
    const limit = payload.inlineOutputsLimit ?? 200 * 1024;
    if (Buffer.byteLength(run.outputsText) > limit && typeof payload.outputsUrl === 'string' && run.arrayIndex === undefined) {
      await storeOutputs(payload, run.outputsText);
      process.stdout.write(`${STORED_MARKER}${run.source}\n`);
    } else {
      process.stdout.write(`${OUTPUTS_MARKER}${run.outputsText.replace(/\n/g, ' ')}\n`);
    }
  }
  return 0;
}

const api = process.env.AWS_LAMBDA_RUNTIME_API;
if (api !== undefined && api !== '') {
  await lambdaLoop(api);
} else if (process.env.TWINGRAPH_PAYLOAD !== undefined || process.env.TWINGRAPH_PAYLOAD_URL !== undefined) {
  process.exitCode = await batchRun().catch((error) => {
    process.stderr.write(`twingraph runtime: ${error instanceof Error ? error.message : String(error)}\n`);
    return 70;
  });
} else {
  process.stderr.write('twingraph runtime: set AWS_LAMBDA_RUNTIME_API (Lambda) or TWINGRAPH_PAYLOAD / TWINGRAPH_PAYLOAD_URL (Batch)\n');
  process.exitCode = 64;
}
