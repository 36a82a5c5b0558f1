import type { SchemaMigration } from '../schema/schema-migrations.js';
import { WORKFLOW_MIGRATION } from '../workflow/workflow-tables.js';

/**
 * The PostgreSQL schema, as numbered migrations (the same numbering as the SQLite ones, see
 * schema/schema-migrations.ts). Never edit a released migration: add a new one. Same tables and
 * columns as SQLite, except that node records always live in `nodes` (no rows folded into
 * `components`: PostgreSQL's cost per row does not call for it), JSON columns are TEXT holding the
 * JSON as written (exact round-trip, `\u0000` included), and times and ids sort bytewise (COLLATE "C").
 */
const C = 'COLLATE "C"';

const lineageTables: readonly string[] = [
  `CREATE TABLE pipelines (
    pipeline_id TEXT ${C} PRIMARY KEY,
    name TEXT NOT NULL,
    version TEXT NOT NULL,
    status TEXT NOT NULL,
    started_at TEXT ${C} NOT NULL,
    completed_at TEXT ${C},
    attributes TEXT
  )`,
  'CREATE INDEX pipelines_name ON pipelines (name)',
  // vertex_id: a surrogate key in write order that edges refer to, as in SQLite.
  `CREATE TABLE components (
    vertex_id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    execution_id TEXT ${C} NOT NULL UNIQUE,
    pipeline_id TEXT ${C} NOT NULL,
    component_order INTEGER NOT NULL,
    name TEXT NOT NULL,
    hash TEXT ${C} NOT NULL,
    status TEXT NOT NULL,
    platform TEXT NOT NULL,
    started_at TEXT ${C} NOT NULL,
    completed_at TEXT ${C},
    inputs TEXT NOT NULL,
    outputs TEXT,
    attempts INTEGER NOT NULL,
    error TEXT,
    code_hash TEXT NOT NULL,
    image TEXT,
    git TEXT,
    attributes TEXT
  )`,
  'CREATE INDEX components_pipeline ON components (pipeline_id, component_order)',
  // The lookups by hash are shared with SQLite and go through this prefix (then compare the whole hash).
  'CREATE INDEX components_hash_prefix ON components (substr(hash, 1, 8))',
  'CREATE INDEX components_name ON components (name, started_at)',
  'CREATE INDEX components_started_at ON components (started_at)',
  // DEPENDS_ON child → parent; parent_id is NULL until the parent vertex exists (a child may come first).
  `CREATE TABLE depends_on (
    child_id BIGINT NOT NULL,
    parent TEXT ${C} NOT NULL,
    parent_id BIGINT,
    data_flow TEXT NOT NULL,
    PRIMARY KEY (child_id, parent)
  )`,
  'CREATE INDEX depends_on_parent ON depends_on (parent_id)',
  'CREATE INDEX depends_on_unresolved ON depends_on (parent) WHERE parent_id IS NULL',
  `CREATE TABLE cached_from (
    child_id BIGINT PRIMARY KEY,
    source TEXT ${C} NOT NULL,
    source_id BIGINT
  )`,
  'CREATE INDEX cached_from_source ON cached_from (source_id)',
  'CREATE INDEX cached_from_unresolved ON cached_from (source) WHERE source_id IS NULL',
];

const runTables: readonly string[] = [
  `CREATE TABLE runs (
    run_id TEXT ${C} PRIMARY KEY,
    pipeline TEXT NOT NULL,
    version TEXT NOT NULL,
    status TEXT NOT NULL,
    started_at TEXT ${C} NOT NULL,
    completed_at TEXT ${C},
    source TEXT,
    inputs TEXT,
    result TEXT,
    error TEXT,
    labels TEXT
  )`,
  'CREATE INDEX runs_started_at ON runs (started_at, run_id)',
  'CREATE INDEX runs_pipeline ON runs (pipeline, started_at)',
  // First-write order of nodes: each new node row takes the next value (a node written again keeps its own).
  'CREATE SEQUENCE node_seq AS BIGINT',
  `CREATE TABLE nodes (
    execution_id TEXT ${C} PRIMARY KEY,
    node_seq BIGINT NOT NULL,
    run_id TEXT ${C} NOT NULL,
    name TEXT NOT NULL,
    hash TEXT NOT NULL,
    platform TEXT NOT NULL,
    status TEXT NOT NULL,
    parents TEXT NOT NULL,
    inputs TEXT,
    outputs TEXT,
    error TEXT,
    attempts TEXT NOT NULL,
    started_at TEXT ${C},
    completed_at TEXT ${C},
    cached_from TEXT
  )`,
  'CREATE INDEX nodes_run ON nodes (run_id, node_seq)',
  `CREATE TABLE logs (
    run_id TEXT ${C} NOT NULL,
    seq INTEGER NOT NULL,
    execution_id TEXT ${C} NOT NULL,
    stream TEXT NOT NULL,
    line TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (run_id, seq)
  )`,
  'CREATE INDEX logs_execution ON logs (run_id, execution_id, seq)',
];

export const POSTGRES_SCHEMA_MIGRATIONS: readonly SchemaMigration[] = [
  { version: 1, name: 'lineage and run store', statements: [...lineageTables, ...runTables] },
  WORKFLOW_MIGRATION,
];

/** Tables TwinGraph creates; one of them in a schema without schema_migrations means the schema is someone else's. */
export const POSTGRES_TABLES = ['pipelines', 'components', 'depends_on', 'cached_from', 'runs', 'nodes', 'logs', 'workflows', 'workflow_versions', 'workflow_tags'] as const;

export const LATEST_POSTGRES_SCHEMA_VERSION = POSTGRES_SCHEMA_MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);
