import { describe, expect, it } from 'vitest';
import { ERROR_CODES, TwinGraphError } from '@twingraph/model';
import { parseGremlinQuery } from './gremlin-query-parser.js';

function refusal(text: string, bindings: Record<string, never> = {}): TwinGraphError {
  try {
    parseGremlinQuery(text, bindings);
  } catch (error) {
    expect(error).toBeInstanceOf(TwinGraphError);
    expect((error as TwinGraphError).code).toBe(ERROR_CODES.GRAPH_QUERY_REFUSED);
    return error as TwinGraphError;
  }
  throw new Error(`not refused: ${text}`);
}

describe('parseGremlinQuery', () => {
  it('parses a step chain with literals, tokens, predicates, nested traversals and bindings', () => {
    const steps = parseGremlinQuery(
      "g.V().hasLabel('Component').has('status', within('failed', \"cancelled\")).where(__.out('DEPENDS_ON').count().is(P.gt(2L))).order().by('started_at', desc).project('n', 'k').by(values('name')).by(T.id).limit(limit)",
      { limit: 5 },
    );
    expect(steps.map((s) => s.name)).toEqual(['V', 'hasLabel', 'has', 'where', 'order', 'by', 'project', 'by', 'by', 'limit']);
    expect(steps[2]!.args[1]).toEqual({ kind: 'predicate', type: 'P', name: 'within', args: [{ kind: 'literal', value: 'failed' }, { kind: 'literal', value: 'cancelled' }] });
    expect(steps[3]!.args[0]).toMatchObject({ kind: 'traversal', steps: [{ name: 'out' }, { name: 'count' }, { name: 'is', args: [{ kind: 'predicate', name: 'gt', args: [{ kind: 'literal', value: 2 }] }] }] });
    expect(steps[5]!.args[1]).toEqual({ kind: 'token', namespace: 'Order', name: 'desc' });
    expect(steps[8]!.args[0]).toEqual({ kind: 'token', namespace: 'T', name: 'id' });
    expect(steps[9]!.args[0]).toEqual({ kind: 'literal', value: 5 });
  });

  it('reads escapes, negative and decimal numbers, lists, booleans and null', () => {
    const [, has, inject] = parseGremlinQuery("g.V().has('it\\'s', [1, -2.5, true, null]).inject('\\u00e9')");
    expect(has!.args).toEqual([{ kind: 'literal', value: "it's" }, { kind: 'list', items: [{ kind: 'literal', value: 1 }, { kind: 'literal', value: -2.5 }, { kind: 'literal', value: true }, { kind: 'literal', value: null }] }]);
    expect(inject!.args).toEqual([{ kind: 'literal', value: 'é' }]);
  });

  it.each([
    ['g.V().drop()', "'drop' is not allowed: it removes elements"],
    ["g.addV('Component')", "'addV' is not allowed"],
    ["g.V('a').addE('DEPENDS_ON').to(V('b'))", "'addE' is not allowed"],
    ["g.V().property('status', 'x')", "'property' is not allowed"],
    ["g.mergeV()", "'mergeV' is not allowed"],
    ['g.V().mergeE()', "'mergeE' is not allowed"],
    ["g.io('/etc/passwd').read()", "'io' is not allowed"],
    ['g.V().where(__.drop())', "'drop' is not allowed"],
    ["g.V().map(addV('x'))", "'addV' is not allowed"],
    ["g.V().coalesce(values('x'), property('x', 1))", "'property' is not allowed"],
    ['g.V().sideEffect{ it.get().remove() }', 'Lambdas and closures'],
    ['g.V().filter { true }', 'Lambdas and closures'],
    ['g.V(); g.addV()', 'Only one traversal'],
    ['g.V().iterate()', "'iterate' is not allowed"],
    ['g.withStrategies(ReadOnlyStrategy).V()', "'withStrategies' is not allowed"],
    ['g.withoutStrategies(ReadOnlyStrategy).V()', "'withoutStrategies' is not allowed"],
    ["g.with('evaluationTimeout', 1000000).V()", "starts with g.V(), g.E() or g.inject()"],
    ['g.V().subgraph(\'s\')', "'subgraph' is not allowed"],
    ["g.call('tinker.search')", "'call' is not allowed"],
    ['System.exit(0)', "starts with 'g.'"],
    ['graph.close()', "starts with 'g.'"],
    ['g.V().values(x = 1)', "Unexpected character '='"],
    ['g.V().has("name", "${System.exit(0)}")', 'String interpolation'],
    ['g.V().has(name, 1)', "Unknown name 'name'"],
    ['g.V().fooBar()', "'fooBar' is not supported"],
    ['g.V().profile()', "'profile' is not allowed"],
    ['g.V().out().tree()', "'tree' is not allowed"],
    ["g.V().has('x'", "Expected ',' or ')'"],
    ['g.V().count() extra', "Unexpected 'extra'"],
  ])('refuses %s', (text, message) => {
    expect(refusal(text).message).toContain(message);
  });

  it('says where the problem is', () => {
    expect(refusal('g.V().out().drop()').details).toEqual({ position: 13 });
  });

  it('limits length, step count and nesting', () => {
    expect(refusal(`g.V().has('name', '${'x'.repeat(10_000)}')`).message).toMatch(/at most 10000 are accepted/);
    expect(refusal(`g.V()${'.out()'.repeat(200)}`).message).toContain('more than 200 steps');
    expect(refusal(`g.V()${'.where(out()'.repeat(20)}${')'.repeat(20)}`).message).toContain('nests deeper than 16');
    expect(() => parseGremlinQuery('g.V().out().out()', {}, { maxSteps: 2 })).toThrow(/more than 2 steps/);
  });

  it('accepts only JSON scalars and lists as bindings', () => {
    expect(parseGremlinQuery('g.V(ids)', { ids: ['a', 'b'] })[0]!.args).toEqual([{ kind: 'list', items: [{ kind: 'literal', value: 'a' }, { kind: 'literal', value: 'b' }] }]);
    expect(() => parseGremlinQuery('g.V(x)', { x: { a: 1 } as never })).toThrow(/A binding must be/);
  });
});
