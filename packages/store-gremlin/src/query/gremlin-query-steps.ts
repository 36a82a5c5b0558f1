/**
 * Which Gremlin steps the read-only query endpoint accepts. An allow-list: a step not named here is
 * refused, so a step added to Gremlin later (or a provider's own) cannot slip through. Steps that change
 * the graph, touch files or run code get a message of their own.
 */

/** Steps a query may start with after `g.`. */
export const START_STEPS = new Set(['V', 'E', 'inject']);

export const READ_STEPS = new Set([
  // movement
  'V', 'E', 'inject', 'out', 'in', 'both', 'outE', 'inE', 'bothE', 'outV', 'inV', 'bothV', 'otherV',
  // filters
  'has', 'hasLabel', 'hasId', 'hasKey', 'hasValue', 'hasNot', 'is', 'not', 'and', 'or', 'where', 'filter',
  'dedup', 'simplePath', 'cyclicPath', 'limit', 'range', 'skip', 'tail', 'sample', 'coin', 'timeLimit', 'none', 'discard',
  'all', 'any',
  // projections and maps
  'values', 'valueMap', 'elementMap', 'propertyMap', 'properties', 'id', 'label', 'key', 'value', 'element',
  'constant', 'identity', 'map', 'flatMap', 'project', 'select', 'as', 'by', 'path', 'math', 'index', 'loops',
  'unfold', 'fold', 'count', 'sum', 'min', 'max', 'mean', 'group', 'groupCount', 'order', 'local', 'barrier',
  'aggregate', 'store', 'cap', 'sideEffect', 'with',
  // branches
  'union', 'coalesce', 'choose', 'option', 'optional', 'repeat', 'times', 'until', 'emit', 'match',
  // strings, lists and dates (3.7)
  'asString', 'concat', 'length', 'toLower', 'toUpper', 'trim', 'lTrim', 'rTrim', 'replace', 'split', 'substring', 'format',
  'asDate', 'dateAdd', 'dateDiff', 'combine', 'conjoin', 'difference', 'disjunct', 'intersect', 'merge', 'product', 'reverse',
]);

/** Steps refused with a reason of their own (everything else outside READ_STEPS is "not supported"). */
export const REFUSED_STEPS: Record<string, string> = {
  drop: 'removes elements',
  addV: 'adds a vertex',
  addE: 'adds an edge',
  property: 'writes a property',
  mergeV: 'creates or updates vertices',
  mergeE: 'creates or updates edges',
  io: 'reads or writes files on the server',
  read: 'loads a graph from a file',
  write: 'writes the graph to a file',
  from: 'only makes sense with addE',
  to: 'only makes sense with addE',
  subgraph: 'builds a new graph on the server',
  program: 'runs a graph computer program',
  call: 'calls provider services that may change the graph',
  sack: 'needs withSack(), which the endpoint does not expose',
  withStrategies: 'changes the server-side strategies (the endpoint sets them)',
  withoutStrategies: 'removes the server-side strategies (the endpoint sets them)',
  withComputer: 'starts a graph computer',
  withSideEffect: 'injects side effects',
  withSack: 'injects a sack',
  withBulk: 'changes traversal bulking',
  withPath: 'changes path tracking',
  tx: 'opens a transaction',
  iterate: 'is a terminal step; leave it out (results are returned)',
  toList: 'is a terminal step; leave it out (results are returned)',
  next: 'is a terminal step; leave it out and use limit()',
  // Their results (TraversalMetrics, TraversalExplanation, Tree) have no GraphBinary decoder in the Node driver.
  profile: 'returns metrics the driver cannot decode; run it in the Gremlin Console',
  explain: 'returns an explanation the driver cannot decode; run it in the Gremlin Console',
  tree: 'returns a Tree the driver cannot decode; use path() or project()',
};

/** P and TextP predicates, usable as `P.gt(3)` or just `gt(3)`. */
export const P_PREDICATES = new Set(['eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'inside', 'outside', 'between', 'within', 'without', 'not']);
export const TEXT_PREDICATES = new Set(['containing', 'notContaining', 'startingWith', 'notStartingWith', 'endingWith', 'notEndingWith', 'regex', 'notRegex']);

/** Enum tokens by namespace, e.g. `T.id`, `Order.desc`, `Scope.local`; bare names work too (`desc`, `local`). */
export const TOKENS: Record<string, Record<string, string>> = {
  T: { id: 'id', label: 'label', key: 'key', value: 'value' },
  Order: { asc: 'asc', desc: 'desc', shuffle: 'shuffle', incr: 'asc', decr: 'desc' },
  Scope: { local: 'local', global: 'global' },
  Column: { keys: 'keys', values: 'values' },
  Direction: { OUT: 'out', IN: 'in', BOTH: 'both', out: 'out', in: 'in', both: 'both' },
  Pop: { first: 'first', last: 'last', all: 'all', mixed: 'mixed' },
  Pick: { any: 'any', none: 'none' },
  Operator: { sum: 'sum', minus: 'minus', mult: 'mult', div: 'div', min: 'min', max: 'max', and: 'and', or: 'or', addAll: 'addAll', sumLong: 'sumLong', assign: 'assign' },
};

/** Bare token names (without a namespace); `values`/`keys` need `Column.` only where they could be a step. */
export const BARE_TOKENS: Record<string, [string, string]> = {
  id: ['T', 'id'], label: ['T', 'label'], key: ['T', 'key'], value: ['T', 'value'],
  asc: ['Order', 'asc'], desc: ['Order', 'desc'], shuffle: ['Order', 'shuffle'], incr: ['Order', 'incr'], decr: ['Order', 'decr'],
  local: ['Scope', 'local'], global: ['Scope', 'global'],
  keys: ['Column', 'keys'], values: ['Column', 'values'],
  OUT: ['Direction', 'OUT'], IN: ['Direction', 'IN'], BOTH: ['Direction', 'BOTH'],
  first: ['Pop', 'first'], last: ['Pop', 'last'], mixed: ['Pop', 'mixed'],
};
