import { BARE_TOKENS, P_PREDICATES, READ_STEPS, REFUSED_STEPS, START_STEPS, TEXT_PREDICATES, TOKENS } from './gremlin-query-steps.js';
import { refused, tokenize, type Token } from './gremlin-query-tokens.js';

/** A literal a query may carry, directly or through a binding. */
export type QueryValue = string | number | boolean | null | QueryValue[];

export type QueryArg =
  | { kind: 'literal'; value: string | number | boolean | null }
  | { kind: 'list'; items: QueryArg[] }
  | { kind: 'traversal'; steps: QueryStep[] }
  | { kind: 'token'; namespace: string; name: string }
  | { kind: 'predicate'; type: 'P' | 'TextP'; name: string; args: QueryArg[] };

export interface QueryStep {
  /** The Gremlin step name as in Java / bytecode (`in`, `as`, `values`). */
  name: string;
  args: QueryArg[];
}

export interface ParseLimits {
  /** Characters of query text. @defaultValue 10000 */
  maxLength?: number;
  /** Steps in the whole query, nested traversals included. @defaultValue 200 */
  maxSteps?: number;
  /** Nesting of anonymous traversals and predicates. @defaultValue 16 */
  maxDepth?: number;
}

/**
 * Parses one read-only Gremlin traversal, `g.<start>(…).<step>(…)…`, into steps whose arguments are
 * literals, bindings, enum tokens, predicates or anonymous traversals (`__.out()` or `out()`). Every step,
 * nested ones included, must be on the read-only allow-list. Throws ERR_GRAPH_QUERY_REFUSED saying why.
 */
export function parseGremlinQuery(text: string, bindings: Readonly<Record<string, QueryValue>> = {}, limits: ParseLimits = {}): QueryStep[] {
  const maxLength = limits.maxLength ?? 10_000;
  if (text.length > maxLength) throw refused(`The query is ${text.length} characters long; at most ${maxLength} are accepted`, undefined, 'Shorten the query, or pass long values as bindings.');
  return new Parser(tokenize(text), bindings, limits.maxSteps ?? 200, limits.maxDepth ?? 16).query();
}

class Parser {
  private i = 0;
  private steps = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly bindings: Readonly<Record<string, QueryValue>>,
    private readonly maxSteps: number,
    private readonly maxDepth: number,
  ) {}

  query(): QueryStep[] {
    const g = this.next();
    if (g.kind !== 'ident' || g.text !== 'g') throw refused("A query starts with 'g.'", g.at);
    this.expect('.');
    const first = this.peek();
    if (first.kind === 'ident' && !START_STEPS.has(first.text) && REFUSED_STEPS[first.text] === undefined) {
      throw refused(`A query starts with g.V(), g.E() or g.inject(), not g.${first.text}()`, first.at);
    }
    const steps = this.chain(0);
    const end = this.next();
    if (end.kind !== 'end') throw refused(`Unexpected ${describe(end)} after the traversal`, end.at);
    return steps;
  }

  private chain(depth: number): QueryStep[] {
    const steps = [this.step(depth)];
    while (this.peekPunct('.')) {
      this.i++;
      steps.push(this.step(depth));
    }
    return steps;
  }

  private step(depth: number): QueryStep {
    const name = this.next();
    if (name.kind !== 'ident') throw refused(`Expected a step name, found ${describe(name)}`, name.at);
    const reason = REFUSED_STEPS[name.text];
    if (reason !== undefined) throw refused(`The step '${name.text}' is not allowed: it ${reason}. This endpoint only reads the graph`, name.at, 'Change lineage through runs and `twingraph graph import`, not through raw queries.');
    if (!READ_STEPS.has(name.text)) throw refused(`The step '${name.text}' is not supported by the read-only query endpoint`, name.at);
    if (++this.steps > this.maxSteps) throw refused(`The query has more than ${this.maxSteps} steps`, name.at, 'Split it into smaller queries.');
    const args = this.args(depth);
    return { name: name.text, args };
  }

  private args(depth: number): QueryArg[] {
    this.expect('(');
    const args: QueryArg[] = [];
    if (this.peekPunct(')')) {
      this.i++;
      return args;
    }
    for (;;) {
      args.push(this.arg(depth));
      const t = this.next();
      if (t.kind === 'punct' && t.text === ')') return args;
      if (t.kind !== 'punct' || t.text !== ',') throw refused(`Expected ',' or ')', found ${describe(t)}`, t.at);
    }
  }

  private arg(depth: number): QueryArg {
    if (depth + 1 > this.maxDepth) throw refused(`The query nests deeper than ${this.maxDepth} levels`, this.peek().at);
    const t = this.next();
    if (t.kind === 'string' || t.kind === 'number') return { kind: 'literal', value: t.value };
    if (t.kind === 'punct' && t.text === '[') return this.list(depth);
    if (t.kind !== 'ident') throw refused(`Expected an argument, found ${describe(t)}`, t.at);
    if (t.text === 'true' || t.text === 'false') return { kind: 'literal', value: t.text === 'true' };
    if (t.text === 'null') return { kind: 'literal', value: null };
    if (t.text === '__') {
      this.expect('.');
      return { kind: 'traversal', steps: this.chain(depth + 1) };
    }
    if (t.text === 'P' || t.text === 'TextP') {
      this.expect('.');
      const name = this.next();
      const names = t.text === 'P' ? P_PREDICATES : TEXT_PREDICATES;
      if (name.kind !== 'ident' || !names.has(name.text)) throw refused(`Unknown predicate ${t.text}.${name.kind === 'ident' ? name.text : describe(name)}`, name.at);
      return { kind: 'predicate', type: t.text, name: name.text, args: this.args(depth + 1) };
    }
    const namespace = TOKENS[t.text];
    if (namespace !== undefined && this.peekPunct('.')) {
      this.i++;
      const name = this.next();
      const element = name.kind === 'ident' ? namespace[name.text] : undefined;
      if (element === undefined) throw refused(`Unknown token ${t.text}.${name.kind === 'ident' ? name.text : describe(name)}`, name.at);
      return { kind: 'token', namespace: t.text, name: element };
    }
    if (this.peekPunct('(')) {
      if (t.text !== 'not' && (P_PREDICATES.has(t.text) || TEXT_PREDICATES.has(t.text))) {
        return { kind: 'predicate', type: P_PREDICATES.has(t.text) ? 'P' : 'TextP', name: t.text, args: this.args(depth + 1) };
      }
      // A bare step starts an anonymous traversal: where(out('X')) is where(__.out('X')).
      this.i--;
      return { kind: 'traversal', steps: this.chain(depth + 1) };
    }
    if (Object.hasOwn(this.bindings, t.text)) return valueArg(this.bindings[t.text]!, t.at);
    const bare = BARE_TOKENS[t.text];
    if (bare !== undefined) return { kind: 'token', namespace: bare[0], name: TOKENS[bare[0]]![bare[1]]! };
    throw refused(`Unknown name '${t.text}': not a step, token, predicate or binding`, t.at, 'Quote strings, and pass variables in "bindings".');
  }

  private list(depth: number): QueryArg {
    const items: QueryArg[] = [];
    if (this.peekPunct(']')) {
      this.i++;
      return { kind: 'list', items };
    }
    for (;;) {
      items.push(this.arg(depth));
      const t = this.next();
      if (t.kind === 'punct' && t.text === ']') return { kind: 'list', items };
      if (t.kind !== 'punct' || t.text !== ',') throw refused(`Expected ',' or ']', found ${describe(t)}`, t.at);
    }
  }

  private next(): Token {
    const t = this.tokens[this.i]!;
    if (t.kind !== 'end') this.i++;
    return t;
  }

  private peek(): Token {
    return this.tokens[this.i]!;
  }

  private peekPunct(text: string): boolean {
    const t = this.peek();
    return t.kind === 'punct' && t.text === text;
  }

  private expect(text: '.' | '('): void {
    const t = this.next();
    if (t.kind !== 'punct' || t.text !== text) throw refused(`Expected '${text}', found ${describe(t)}`, t.at);
  }
}

function valueArg(value: QueryValue, at: number): QueryArg {
  if (Array.isArray(value)) return { kind: 'list', items: value.map((v) => valueArg(v, at)) };
  if (value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) return { kind: 'literal', value };
  throw refused('A binding must be a string, a finite number, a boolean, null or a list of those', at);
}

function describe(t: Token): string {
  switch (t.kind) {
    case 'end':
      return 'the end of the query';
    case 'ident':
      return `'${t.text}'`;
    case 'punct':
      return `'${t.text}'`;
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
  }
}
