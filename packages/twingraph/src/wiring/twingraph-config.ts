import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { parseOptions } from '@twingraph/model';

/** Settings read from flags, TWINGRAPH_* env, a pipeline's options and twingraph.config.*. */
export interface TwinGraphSettings {
  /** Folder for the embedded store and work files. @defaultValue './.twingraph' */
  home: string;
  /** Run store: SQLite path or `sqlite:` URL, `postgres://` URL, 'memory', or false. @defaultValue `${home}/twingraph.db` */
  store: string | false;
  /** Lineage store; undefined means "the run store's database". false turns lineage off. */
  graph: string | false | undefined;
  /** Global result-cache switch. @defaultValue true */
  cache: boolean;
  /** Redis URL: when set, components go to queue workers (`twingraph worker`). @defaultValue none (run here) */
  redis?: string | undefined;
  /** Queue name workers consume. @defaultValue 'twingraph' */
  queue?: string;
  /** Most jobs in flight per component name (queue only). @defaultValue no limit */
  componentConcurrency?: Record<string, number> | undefined;
}

export type PartialSettings = Partial<TwinGraphSettings>;

const configFileSchema = z.strictObject({
  home: z.string().optional(),
  store: z.union([z.string(), z.literal(false)]).optional(),
  graph: z.union([z.string(), z.literal(false)]).optional(),
  cache: z.boolean().optional(),
  redis: z.string().optional(),
  queue: z.string().optional(),
  componentConcurrency: z.record(z.string(), z.number().int().min(1)).optional(),
});

const CONFIG_FILES = ['twingraph.config.json', 'twingraph.config.mjs', 'twingraph.config.js'];

/** twingraph.config.{json,mjs,js} from `cwd`, if there is one. */
export async function loadConfigFile(cwd = process.cwd()): Promise<PartialSettings> {
  for (const name of CONFIG_FILES) {
    const path = join(cwd, name);
    if (!existsSync(path)) continue;
    const raw: unknown = name.endsWith('.json')
      ? JSON.parse(await readFile(path, 'utf8'))
      : ((await import(pathToFileURL(path).href)) as { default?: unknown }).default;
    return parseOptions(configFileSchema, raw, path);
  }
  return {};
}

/** TWINGRAPH_HOME, TWINGRAPH_STORE, TWINGRAPH_GRAPH, TWINGRAPH_CACHE, TWINGRAPH_REDIS_URL, TWINGRAPH_QUEUE. */
export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): PartialSettings {
  const settings: PartialSettings = {};
  if (env.TWINGRAPH_HOME) settings.home = env.TWINGRAPH_HOME;
  if (env.TWINGRAPH_STORE) settings.store = falseOr(env.TWINGRAPH_STORE);
  if (env.TWINGRAPH_GRAPH) settings.graph = falseOr(env.TWINGRAPH_GRAPH);
  if (env.TWINGRAPH_CACHE) settings.cache = !['0', 'false', 'off', 'no'].includes(env.TWINGRAPH_CACHE.toLowerCase());
  if (env.TWINGRAPH_REDIS_URL) settings.redis = env.TWINGRAPH_REDIS_URL;
  if (env.TWINGRAPH_QUEUE) settings.queue = env.TWINGRAPH_QUEUE;
  return settings;
}

function falseOr(value: string): string | false {
  return ['false', 'off', 'none'].includes(value.toLowerCase()) ? false : value;
}

/** Earlier layers win: pass them as flags, env, pipeline options, config file. */
export function mergeSettings(...layers: PartialSettings[]): TwinGraphSettings {
  const pick = <K extends keyof TwinGraphSettings>(key: K): TwinGraphSettings[K] | undefined => {
    for (const layer of layers) if (layer[key] !== undefined) return layer[key];
    return undefined;
  };
  const home = resolve(pick('home') ?? '.twingraph');
  return {
    home,
    store: pick('store') ?? join(home, 'twingraph.db'),
    graph: pick('graph'),
    cache: pick('cache') ?? true,
    redis: pick('redis'),
    queue: pick('queue') ?? 'twingraph',
    componentConcurrency: pick('componentConcurrency'),
  };
}
