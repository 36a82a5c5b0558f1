import { notFoundError, RUN_STATUSES, type RunStatus } from '@twingraph/model';
import { getDefaultEngine } from '../../wiring/default-engine.js';
import { EXIT } from '../exit-codes.js';
import { createStyle, colourEnabled, formatDuration, padTable } from '../progress/terminal-style.js';
import { storeOverrides, type StoreFlags } from './store-flags.js';

export interface RunsListOptions extends StoreFlags {
  limit?: string;
  pipeline?: string;
  status?: string;
  json?: boolean;
}

export async function runsListCommand(options: RunsListOptions): Promise<number> {
  const engine = await getDefaultEngine({ overrides: storeOverrides(options) });
  const status = options.status as RunStatus | undefined;
  if (status !== undefined && !RUN_STATUSES.includes(status)) throw notFoundError('run status', status);
  const runs = await engine.runStore.listRuns({
    limit: options.limit === undefined ? 20 : Number(options.limit),
    ...(options.pipeline === undefined ? {} : { pipeline: options.pipeline }),
    ...(status === undefined ? {} : { status }),
  });
  if (options.json === true) {
    process.stdout.write(`${JSON.stringify(runs, null, 2)}\n`);
    return EXIT.OK;
  }
  const s = createStyle(colourEnabled(process.stdout));
  const rows = [[s.bold('run id'), s.bold('pipeline'), s.bold('status'), s.bold('started'), s.bold('duration')]];
  for (const run of runs) {
    const duration = run.completedAt === undefined ? '-' : formatDuration(Date.parse(run.completedAt) - Date.parse(run.startedAt));
    rows.push([run.runId, run.pipeline, colourStatus(run.status, s), run.startedAt, duration]);
  }
  process.stdout.write(runs.length === 0 ? 'No runs yet.\n' : `${padTable(rows)}\n`);
  return EXIT.OK;
}

export interface RunsShowOptions extends StoreFlags {
  json?: boolean;
}

export async function runsShowCommand(runId: string, options: RunsShowOptions): Promise<number> {
  const engine = await getDefaultEngine({ overrides: storeOverrides(options) });
  const run = await engine.runStore.getRun(runId);
  if (run === undefined) throw notFoundError('run', runId);
  const nodes = await engine.runStore.listNodes(runId);
  if (options.json === true) {
    process.stdout.write(`${JSON.stringify({ ...run, nodes }, null, 2)}\n`);
    return EXIT.OK;
  }
  const s = createStyle(colourEnabled(process.stdout));
  const lines = [`Run ${run.runId} (${run.pipeline}) ${colourStatus(run.status, s)}`, `started ${run.startedAt}${run.completedAt === undefined ? '' : `, completed ${run.completedAt}`}`];
  if (run.error !== undefined) lines.push(s.red(`${run.error.code}: ${run.error.message}`));
  const rows = [[s.bold('component'), s.bold('status'), s.bold('attempts'), s.bold('duration'), s.bold('hash'), s.bold('execution id')]];
  for (const node of nodes) {
    const duration = node.startedAt !== undefined && node.completedAt !== undefined ? formatDuration(Date.parse(node.completedAt) - Date.parse(node.startedAt)) : '-';
    rows.push([node.name, colourStatus(node.status, s), String(node.attempts.length), duration, node.hash.slice(0, 12), node.executionId]);
  }
  lines.push('', padTable(rows));
  for (const node of nodes.filter((n) => n.error !== undefined)) {
    lines.push('', s.red(`✗ ${node.name} (${node.executionId}): ${node.error!.message}`));
    if (node.error!.stack !== undefined) lines.push(s.dim(node.error!.stack));
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  return EXIT.OK;
}

function colourStatus(status: string, s: ReturnType<typeof createStyle>): string {
  if (status === 'succeeded' || status === 'cached') return s.green(status);
  if (status === 'failed') return s.red(status);
  if (status === 'running') return s.cyan(status);
  return s.yellow(status);
}
