import { createRequire } from 'node:module';

/**
 * A typed view of the parts of the `gremlin` npm driver this package uses. The driver ships no types of
 * its own and its steps take anything, so every call site goes through these interfaces instead of `any`.
 * Steps return `Traversal`; results come back as `unknown` and are decoded by lineage-properties.ts.
 */
export interface Traversal {
  V(...ids: unknown[]): Traversal;
  addV(label: string): Traversal;
  addE(label: string): Traversal;
  aggregate(key: string): Traversal;
  by(...modulators: unknown[]): Traversal;
  cap(...keys: string[]): Traversal;
  coalesce(...traversals: Traversal[]): Traversal;
  constant(value: unknown): Traversal;
  count(): Traversal;
  dedup(): Traversal;
  drop(): Traversal;
  elementMap(...keys: string[]): Traversal;
  emit(): Traversal;
  fold(): Traversal;
  from_(traversal: Traversal): Traversal;
  groupCount(): Traversal;
  has(...args: unknown[]): Traversal;
  hasLabel(...labels: string[]): Traversal;
  hasNot(key: string): Traversal;
  id(): Traversal;
  identity(): Traversal;
  in_(...labels: string[]): Traversal;
  inE(...labels: string[]): Traversal;
  inV(): Traversal;
  inject(...values: unknown[]): Traversal;
  is(predicate: unknown): Traversal;
  label(): Traversal;
  limit(n: number): Traversal;
  mergeE(search: Traversal): Traversal;
  mergeV(search: Traversal): Traversal;
  not(traversal: Traversal): Traversal;
  order(): Traversal;
  option(token: unknown, value: Traversal): Traversal;
  out(...labels: string[]): Traversal;
  outE(...labels: string[]): Traversal;
  outV(): Traversal;
  project(...keys: string[]): Traversal;
  properties(...keys: string[]): Traversal;
  property(...args: unknown[]): Traversal;
  repeat(traversal: Traversal): Traversal;
  select(...keys: string[]): Traversal;
  sideEffect(traversal: Traversal): Traversal;
  times(n: number): Traversal;
  to(traversal: Traversal): Traversal;
  union(...traversals: Traversal[]): Traversal;
  unfold(): Traversal;
  valueMap(...keys: string[]): Traversal;
  values(...keys: string[]): Traversal;
  where(predicateOrTraversal: unknown): Traversal;
  /** Terminal: sends the traversal and collects every result. */
  toList(): Promise<unknown[]>;
  /** Terminal: sends the traversal and discards the results. */
  iterate(): Promise<unknown>;
  /** The instructions sent to the server; raw steps are appended with `addStep` (read-only queries). */
  getBytecode(): Bytecode;
}

/** Gremlin bytecode: what a traversal is sent as (GraphBinary), never script text. */
export interface Bytecode {
  addStep(name: string, values: unknown[]): Bytecode;
}

/** `g`: where remote traversals start. */
export interface TraversalSource {
  V(...ids: unknown[]): Traversal;
  E(...ids: unknown[]): Traversal;
  inject(...values: unknown[]): Traversal;
  withStrategies(...strategies: unknown[]): TraversalSource;
}

export interface RemoteConnection {
  readonly isOpen: boolean;
  open(): Promise<void>;
  close(): Promise<void>;
  addListener(event: 'socketError' | 'log', handler: (value: unknown) => void): void;
}

export interface Predicates {
  within(...values: unknown[]): unknown;
  without(...values: unknown[]): unknown;
  gt(value: unknown): unknown;
  gte(value: unknown): unknown;
  lte(value: unknown): unknown;
  neq(value: unknown): unknown;
}

/** Predicates by name (`P.gt`, `TextP.containing`), for queries built from parsed text. */
export type NamedPredicates = Record<string, ((...args: unknown[]) => unknown) | undefined>;

/** Element classes of the driver, to turn results into JSON. */
export interface StructureClasses {
  Vertex: abstract new (...args: never[]) => { id: unknown; label: string; properties?: unknown };
  Edge: abstract new (...args: never[]) => { id: unknown; label: string; outV: { id: unknown }; inV: { id: unknown }; properties?: unknown };
  VertexProperty: abstract new (...args: never[]) => { id: unknown; key: string; value: unknown };
  Property: abstract new (...args: never[]) => { key: string; value: unknown };
  Path: abstract new (...args: never[]) => { labels: unknown[]; objects: unknown[] };
}

interface GremlinModule {
  driver: {
    DriverRemoteConnection: new (url: string, options: Record<string, unknown>) => RemoteConnection;
    ResponseError: new (...args: never[]) => Error;
  };
  structure: StructureClasses;
  process: {
    Bytecode: new () => Bytecode;
    EnumValue: abstract new (...args: never[]) => { typeName: string; elementName: string };
    TextP: NamedPredicates;
    column: Record<string, unknown>;
    scope: Record<string, unknown>;
    pop: Record<string, unknown>;
    pick: Record<string, unknown>;
    operator: Record<string, unknown>;
    AnonymousTraversalSource: { traversal(): { withRemote(connection: RemoteConnection): TraversalSource } };
    statics: Traversal;
    P: Predicates & NamedPredicates;
    t: { id: unknown; label: unknown; key: unknown; value: unknown };
    direction: { in: unknown; out: unknown; both: unknown };
    merge: { onCreate: unknown; onMatch: unknown };
    cardinality: { single: unknown };
    order: { asc: unknown; desc: unknown; shuffle: unknown };
  };
}

interface StrategiesModule {
  ReadOnlyStrategy: new () => unknown;
  SubgraphStrategy: new (options: { vertices?: Traversal; edges?: Traversal; checkAdjacentVertices?: boolean }) => unknown;
  OptionsStrategy: new (options: Record<string, unknown>) => unknown;
}

// The driver is CommonJS without types; loading it through createRequire keeps the cast in one place.
const gremlin = createRequire(import.meta.url)('gremlin') as GremlinModule;

/** Anonymous traversals (`__`). Methods are looked up per call because the driver binds them lazily. */
export const __: Traversal = gremlin.process.statics;
export const P: Predicates = gremlin.process.P;
export const T = gremlin.process.t;
export const Direction = gremlin.process.direction;
export const Merge = gremlin.process.merge;
export const single: unknown = gremlin.process.cardinality.single;
export const order = gremlin.process.order;
export const ResponseError = gremlin.driver.ResponseError;
export const TextP: NamedPredicates = gremlin.process.TextP;
export const NamedP: NamedPredicates = gremlin.process.P;
export const EnumValue = gremlin.process.EnumValue;
export const Structure: StructureClasses = gremlin.structure;
export const Bytecode = gremlin.process.Bytecode;

/** Enum values by TinkerPop class name (`T`, `Order`…) and element name, for parsed query tokens. */
export const ENUMS: Record<string, Record<string, unknown>> = {
  T: gremlin.process.t,
  Order: gremlin.process.order,
  Scope: gremlin.process.scope,
  Column: gremlin.process.column,
  Direction: gremlin.process.direction,
  Pop: gremlin.process.pop,
  Pick: gremlin.process.pick,
  Operator: gremlin.process.operator,
};

// Strategies are not re-exported from the package root's `process` in a typed way; the module path is stable.
const strategies = createRequire(import.meta.url)('gremlin/lib/process/traversal-strategy.js') as StrategiesModule;
export const ReadOnlyStrategy = strategies.ReadOnlyStrategy;
export const SubgraphStrategy = strategies.SubgraphStrategy;
export const OptionsStrategy = strategies.OptionsStrategy;

/** The response status Gremlin Server answers a request that ran past its evaluationTimeout with. */
export const SERVER_TIMEOUT_STATUS = 598;

export function openRemoteConnection(url: string, options: Record<string, unknown>): RemoteConnection {
  return new gremlin.driver.DriverRemoteConnection(url, options);
}

export function traversalSource(connection: RemoteConnection): TraversalSource {
  return gremlin.process.AnonymousTraversalSource.traversal().withRemote(connection);
}
