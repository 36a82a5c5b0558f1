import { Bytecode, ENUMS, NamedP, TextP, type Bytecode as BytecodeType, type Traversal, type TraversalSource } from '../gremlin-driver.js';
import type { QueryArg, QueryStep } from './gremlin-query-parser.js';

/**
 * Turns parsed steps into a traversal on `source` (which carries the endpoint's strategies), step by step
 * in bytecode — the names are Gremlin's own (`in`, `as`), so no mapping to the JavaScript driver's
 * method names (`in_`, `as_`) is needed. Nested traversals become anonymous bytecode.
 */
export function buildTraversal(source: TraversalSource, steps: readonly QueryStep[]): Traversal {
  const [start, ...rest] = steps;
  if (start === undefined) throw new Error('empty traversal');
  const args = start.args.map(argValue);
  const traversal = start.name === 'V' ? source.V(...args) : start.name === 'E' ? source.E(...args) : source.inject(...args);
  const bytecode = traversal.getBytecode();
  for (const step of rest) bytecode.addStep(step.name, step.args.map(argValue));
  return traversal;
}

function anonymous(steps: readonly QueryStep[]): BytecodeType {
  const bytecode = new Bytecode();
  for (const step of steps) bytecode.addStep(step.name, step.args.map(argValue));
  return bytecode;
}

function argValue(arg: QueryArg): unknown {
  switch (arg.kind) {
    case 'literal':
      return arg.value;
    case 'list':
      return arg.items.map(argValue);
    case 'traversal':
      return anonymous(arg.steps);
    case 'token': {
      const value = ENUMS[arg.namespace]?.[arg.name];
      if (value === undefined) throw new Error(`no driver enum ${arg.namespace}.${arg.name}`);
      return value;
    }
    case 'predicate': {
      const make = (arg.type === 'P' ? NamedP : TextP)[arg.name];
      if (make === undefined) throw new Error(`no driver predicate ${arg.type}.${arg.name}`);
      return make(...arg.args.map(argValue));
    }
  }
}
