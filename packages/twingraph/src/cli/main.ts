#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { ERROR_CODES, TwinGraphError } from '@twingraph/model';
import { closeDefaultEngines } from '../wiring/default-engine.js';
import { exportTsCommand } from './commands/export-ts-command.js';
import { graphExportCommand, graphImportCommand } from './commands/graph-command.js';
import { initCommand } from './commands/init-command.js';
import { lineageCommand } from './commands/lineage-command.js';
import { runCommand } from './commands/run-command.js';
import { resumeCommand } from './commands/resume-command.js';
import { runsListCommand, runsShowCommand } from './commands/runs-command.js';
import { schemaCommand } from './commands/schema-command.js';
import { serveCommand } from './commands/serve-command.js';
import { validateCommand } from './commands/validate-command.js';
import { workerCommand } from './commands/worker-command.js';
import { EXIT, exitCodeFor } from './exit-codes.js';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('twingraph')
    .description('Orchestrate workflows and query their lineage graph')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  const action = <A extends unknown[]>(fn: (...args: A) => Promise<number> | number) => async (...args: A) => setExit(await fn(...args));

  program.command('run <file>')
    .description('run a pipeline (.ts/.js exporting a pipeline) or a workflow document (.json/.yaml) with live progress')
    .option('-p, --pipeline <name>', 'which exported pipeline to run')
    .option('-i, --input <key=value>', 'pipeline argument, or workflow input feeding unconnected node inputs of that name (repeatable; JSON values allowed)', collect, [])
    .option('--json', 'print the run and every component execution as JSON')
    .option('-q, --quiet', 'no progress or summary, only the result')
    .option('--store <path|url>', 'run store (SQLite path, postgres://user@host:5432/db, memory)')
    .option('--graph <url>', 'lineage store (SQLite path, postgres://…, memory, gremlin://host:8182, ws(s)://host:8182/gremlin, false)')
    .option('--no-cache', 'turn result caching off for this run')
    .option('--redis <url>', 'send components to queue workers through this Redis (default: TWINGRAPH_REDIS_URL)')
    .option('--queue <name>', 'queue the workers consume (default: the pipeline\'s queue.name, else twingraph)')
    .action(action(runCommand));

  program.command('resume <runId>')
    .description('continue a run whose process died (or that failed): components it finished are reused by hash, the rest run')
    .option('--file <path>', 'the pipeline module or workflow document, if it moved since the run started')
    .option('--json', 'print the run and every component execution as JSON')
    .option('-q, --quiet', 'no progress or summary, only the result')
    .option('--store <path|url>', 'run store the run was recorded in (SQLite path, postgres://…)')
    .option('--graph <url>', 'lineage store (SQLite path, postgres://…, memory, gremlin://host:8182, false)')
    .option('--no-cache', 'turn result caching off for the components that still run')
    .option('--redis <url>', 'send components to queue workers through this Redis (default: TWINGRAPH_REDIS_URL)')
    .option('--queue <name>', 'queue the workers consume (default: the pipeline\'s queue.name, else twingraph)')
    .action(action(resumeCommand));

  program.command('lineage <id>')
    .description('lineage of an execution (by execution id or hash)')
    .option('--upstream', 'what it depends on (default)')
    .option('--downstream', 'what depends on it')
    .option('--depth <n>', 'hops to follow')
    .option('--format <format>', 'text | json | dot', 'text')
    .option('--store <path|url>', 'run store')
    .option('--graph <url>', 'lineage store (SQLite path, postgres://…, memory, gremlin://host:8182, wss://…/gremlin)')
    .action(action(lineageCommand));

  const runs = program.command('runs').description('list and inspect runs');
  runs.command('list')
    .option('--limit <n>', 'how many', '20')
    .option('--pipeline <name>', 'only this pipeline')
    .option('--status <status>', 'running | succeeded | failed | cancelled')
    .option('--json', 'JSON output')
    .option('--store <path|url>', 'run store')
    .action(action(runsListCommand));
  runs.command('show <runId>')
    .option('--json', 'JSON output')
    .option('--store <path|url>', 'run store')
    .action(action(runsShowCommand));

  program.command('worker')
    .description('run components for pipelines sent to a Redis queue (until SIGTERM)')
    .option('--redis <url>', 'Redis URL (default: TWINGRAPH_REDIS_URL or redis://127.0.0.1:6379)')
    .option('--queue <name>', 'queue to consume (repeatable; default: twingraph)', collect, [])
    .option('--concurrency <n>', 'jobs at once per queue (default 4)')
    .option('--import <module>', 'module defining components this worker runs (repeatable)', collect, [])
    .option('--id <id>', 'worker id (recorded on the vertices it produces)')
    .option('--lock-duration <ms>', 'job lock; a dead worker is noticed after about this long (default 30000)')
    .option('--stalled-interval <ms>', 'how often to look for jobs of dead workers (default 30000)')
    .option('--heartbeat <ms>', 'worker advertisement interval (default 5000)')
    .option('--shutdown-grace <ms>', 'on SIGTERM, wait this long for running jobs (default 30000)')
    .option('--blob-dir <dir>', 'blob store shared with the drivers, for job payloads over TWINGRAPH_MAX_PAYLOAD_BYTES (default: TWINGRAPH_BLOB_DIR or .twingraph/blobs)')
    .option('--autoscale <min:max>', 'run a pool of MIN..MAX worker processes that grows with the queue and shrinks when idle')
    .option('--scale-interval <ms>', 'with --autoscale: how often to read the queue depth (default 1000)')
    .option('--idle-timeout <ms>', 'with --autoscale: shrink after the pool has been larger than needed this long (default 30000)')
    .action(action(workerCommand));

  program.command('serve')
    .description('serve the REST + WebSocket API (docs at /docs) until SIGINT/SIGTERM; auth is off on localhost unless TWINGRAPH_AUTH=on')
    .option('--port <n>', 'TCP port (default: TWINGRAPH_PORT or 4000; 0 picks a free one)')
    .option('--host <host>', 'interface (default: TWINGRAPH_HOST or 127.0.0.1); other interfaces need auth')
    .option('--store <path|url>', 'run store (SQLite path, postgres://user@host:5432/db, memory)')
    .option('--graph <url>', 'lineage store (SQLite path, postgres://…, memory, gremlin://host:8182, wss://…/gremlin, neptune://…?region=…, false)')
    .option('--redis <url>', 'send components to queue workers through this Redis')
    .option('--tls-cert <file>', 'PEM certificate: serve HTTPS and WSS (with --tls-key)')
    .option('--tls-key <file>', 'PEM private key for --tls-cert')
    .option('--otlp <url>', 'export run/component traces to this OTLP/HTTP endpoint (default: OTEL_EXPORTER_OTLP_ENDPOINT; off when unset)')
    .action(action(serveCommand));

  program.command('init [dir]').description('scaffold a project with an example pipeline').action(action(initCommand));
  program.command('validate <file>')
    .description('check a workflow document (JSON or YAML) and list every problem')
    .option('--json', 'problems as JSON')
    .action(action(validateCommand));
  program.command('export-ts <file>')
    .description('write a workflow document as an equivalent code-first TypeScript pipeline')
    .option('-o, --output <file>', 'where to write it (default: stdout)')
    .action(action(exportTsCommand));
  const graph = program.command('graph').description('move lineage between stores as GraphSON 3.0 (SQLite ⇄ Gremlin ⇄ PostgreSQL; Gremlin tools read the file)');
  graph.command('export')
    .description('write the lineage store to a GraphSON file (one vertex per line, g.io(file).read() loads it)')
    .requiredOption('--out <file>', 'GraphSON file to write')
    .option('--graph <url>', 'lineage store to read (SQLite path, gremlin://host:8182, wss://…/gremlin, neptune://…?region=…, postgres://…)')
    .option('--store <path|url>', 'run store (its lineage is read when --graph is not given)')
    .option('--partition <name>', 'partition of the vertex ids and tg_partition in the file (default: twingraph)')
    .option('--json', 'print the counts as JSON')
    .action(action(graphExportCommand));
  graph.command('import')
    .description('load a GraphSON file (from graph export or g.io(file).write()) into the lineage store')
    .requiredOption('--in <file>', 'GraphSON file to read')
    .option('--graph <url>', 'lineage store to write (SQLite path, gremlin://host:8182, wss://…/gremlin, neptune://…?region=…, postgres://…)')
    .option('--store <path|url>', 'run store (its lineage is written when --graph is not given)')
    .option('--partition <name>', 'only vertices of this tg_partition (default: all in the file)')
    .option('--json', 'print the counts as JSON')
    .action(action(graphImportCommand));
  program.command('schema').description('print the JSON Schema of workflow documents').action(action(schemaCommand));
  return program;
}

async function main(argv: string[]): Promise<number> {
  let exitCode: number = EXIT.OK;
  try {
    await buildProgram((code) => (exitCode = code)).parseAsync(argv);
  } catch (error) {
    exitCode = reportError(error);
  } finally {
    await closeDefaultEngines().catch((error: unknown) => {
      exitCode = exitCode === EXIT.OK ? reportError(error) : exitCode;
    });
  }
  return exitCode;
}

function reportError(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
  if (error instanceof TwinGraphError) {
    process.stderr.write(`error ${error.describe()}\n`);
    if (error.code === ERROR_CODES.INTERNAL && error.stack !== undefined) process.stderr.write(`${error.stack}\n`);
    return exitCodeFor(error.code);
  }
  process.stderr.write(`error ${ERROR_CODES.INTERNAL}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return EXIT.INTERNAL;
}

process.exitCode = await main(process.argv);
