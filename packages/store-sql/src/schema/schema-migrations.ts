import { WORKFLOW_MIGRATION } from '../workflow/workflow-tables.js';

/**
 * The schema, as numbered migrations applied in order and recorded in `schema_migrations`.
 * Never edit a released migration: add a new one. The SQL sticks to what PostgreSQL also accepts,
 * except the few SQLite table options marked below, so a PostgreSQL store can reuse it.
 */
export interface SchemaMigration {
  version: number;
  name: string;
  statements: readonly string[];
}

export const SCHEMA_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at TEXT NOT NULL
)`;

const lineageTables: readonly string[] = [
  `CREATE TABLE pipelines (
    pipeline_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    version TEXT NOT NULL,
    status TEXT NOT NULL,
    started_at TEXT NOT NULL,
    completed_at TEXT,
    attributes TEXT
  )`,
  'CREATE INDEX pipelines_name ON pipelines (name)',
  // One row per Component vertex; BELONGS_TO is pipeline_id + component_order. JSON columns hold TEXT.
  // node_*: the run store's node record of this execution when it was written with the vertex and
  // holds the same values (createSqliteStores, see write-folding.ts): only the node's own fields are
  // kept here, the rest is the vertex's, so the pair costs one row. NULL otherwise: the node, if
  // any, is in `nodes`. A node lives in exactly one of the two places.
  // vertex_id is a surrogate key in write order: edges refer to it, so a new vertex's edges are
  // appended at the end of their b-trees instead of at random places keyed by a UUID.
  `CREATE TABLE components (
    vertex_id INTEGER PRIMARY KEY,
    execution_id TEXT NOT NULL UNIQUE,
    pipeline_id TEXT NOT NULL,
    component_order INTEGER NOT NULL,
    name TEXT NOT NULL,
    hash TEXT NOT NULL,
    status TEXT NOT NULL,
    platform TEXT NOT NULL,
    started_at TEXT NOT NULL,
    completed_at TEXT,
    inputs TEXT NOT NULL,
    outputs TEXT,
    attempts INTEGER NOT NULL,
    error TEXT,
    code_hash TEXT NOT NULL,
    image TEXT,
    git TEXT,
    attributes TEXT,
    node_seq INTEGER,
    node_attempts TEXT,
    node_parents TEXT,
    node_cached_from TEXT
  )`,
  'CREATE INDEX components_pipeline ON components (pipeline_id, component_order)',
  // Content hashes are random, so each new vertex lands on a random page of this index, and a
  // commit rewrites every page it touched. Indexing an 8-character prefix (lookups also compare the
  // whole hash) makes the index ~5× smaller, so a batch touches and rewrites far fewer pages.
  'CREATE INDEX components_hash_prefix ON components (substr(hash, 1, 8))',
  'CREATE INDEX components_name ON components (name, started_at)',
  'CREATE INDEX components_started_at ON components (started_at)',
  // DEPENDS_ON child → parent. `parent` keeps the parent's execution_id as written; parent_id is
  // NULL until that vertex exists (a child may be written first). No foreign keys: checking them
  // cost ~5% of the write path, and clear() deletes the edges touching a removed vertex itself.
  // WITHOUT ROWID (SQLite only): the primary key is the table, saving one b-tree per edge.
  `CREATE TABLE depends_on (
    child_id INTEGER NOT NULL,
    parent TEXT NOT NULL,
    parent_id INTEGER,
    data_flow TEXT NOT NULL,
    PRIMARY KEY (child_id, parent)
  ) WITHOUT ROWID`,
  'CREATE INDEX depends_on_parent ON depends_on (parent_id)',
  'CREATE INDEX depends_on_unresolved ON depends_on (parent) WHERE parent_id IS NULL',
  `CREATE TABLE cached_from (
    child_id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    source_id INTEGER
  )`,
  'CREATE INDEX cached_from_source ON cached_from (source_id)',
  'CREATE INDEX cached_from_unresolved ON cached_from (source) WHERE source_id IS NULL',
];

const runTables: readonly string[] = [
  `CREATE TABLE runs (
    run_id TEXT PRIMARY KEY,
    pipeline TEXT NOT NULL,
    version TEXT NOT NULL,
    status TEXT NOT NULL,
    started_at TEXT NOT NULL,
    completed_at TEXT,
    source TEXT,
    inputs TEXT,
    result TEXT,
    error TEXT,
    labels TEXT
  )`,
  'CREATE INDEX runs_started_at ON runs (started_at)',
  'CREATE INDEX runs_pipeline ON runs (pipeline, started_at)',
  // node_seq keeps first-write order, shared with components.node_seq: the writer hands out
  // counters.node_seq. WITHOUT ROWID (SQLite only): the key is the table, one b-tree less per node.
  `CREATE TABLE nodes (
    execution_id TEXT PRIMARY KEY,
    node_seq INTEGER NOT NULL,
    run_id TEXT NOT NULL,
    name TEXT NOT NULL,
    hash TEXT NOT NULL,
    platform TEXT NOT NULL,
    status TEXT NOT NULL,
    parents TEXT NOT NULL,
    inputs TEXT,
    outputs TEXT,
    error TEXT,
    attempts TEXT NOT NULL,
    started_at TEXT,
    completed_at TEXT,
    cached_from TEXT
  ) WITHOUT ROWID`,
  'CREATE INDEX nodes_run ON nodes (run_id, node_seq)',
  'CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID',
  "INSERT INTO counters (name, value) VALUES ('node_seq', 0)",
  `CREATE TABLE logs (
    run_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    execution_id TEXT NOT NULL,
    stream TEXT NOT NULL,
    line TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (run_id, seq)
  ) WITHOUT ROWID`,
  'CREATE INDEX logs_execution ON logs (run_id, execution_id, seq)',
];

export const SCHEMA_MIGRATIONS: readonly SchemaMigration[] = [
  { version: 1, name: 'lineage and run store', statements: [...lineageTables, ...runTables] },
  WORKFLOW_MIGRATION,
];

/** The schema version this build writes; a database with a higher version is refused. */
export const LATEST_SCHEMA_VERSION = SCHEMA_MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);
