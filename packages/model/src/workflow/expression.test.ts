import { describe, expect, it } from 'vitest';
import { evaluateExpression } from './expression-evaluator.js';
import { parseExpression } from './expression-parser.js';
import { validateWorkflow } from './validate-workflow.js';

describe('workflow expressions', () => {
  const scope = { value: 20, name: 'héllo', list: [1, 2, 3], obj: { a: { b: true } }, none: null };
  it.each([
    ['value > 10', true],
    ['value * 2 + 1 == 41', true],
    ['(value - 5) % 4', 3],
    ['-value / 4', -5],
    ['name == "héllo" and len(list) == 3', true],
    ["not obj.a.b or list[0] >= 2", false],
    ['obj["a"].b && list[-1] == 3', true],
    ['missing == null and none == null', true],
    ["'a' + 'b' < 'ac'", true],
    ['len(obj) == 1 || false', true],
  ])('%s → %s', (source, expected) => {
    expect(evaluateExpression(source, scope)).toBe(expected);
  });

  it('reports the position of a syntax error', () => {
    expect(() => parseExpression('value > (1 +')).toThrow(/Unexpected end of expression at position 12/);
    expect(() => parseExpression('value >> 1')).toThrow(/Unexpected '>' at position 7/);
    expect(() => parseExpression('a < b < c')).toThrow(/Unexpected '<' at position 6/);
    expect(() => parseExpression('eval("x")')).toThrow(/Unknown function 'eval'/);
    expect(() => parseExpression('toString(1)')).toThrow(/Unknown function 'toString'/);
    expect(() => parseExpression('"open')).toThrow(/Unterminated string at position 0/);
  });

  it('cannot reach globals or prototypes', () => {
    expect(evaluateExpression('constructor', {})).toBe(null);
    expect(evaluateExpression('obj.constructor', { obj: {} })).toBe(null);
    expect(evaluateExpression('obj.__proto__', { obj: {} })).toBe(null);
    expect(evaluateExpression('process', {})).toBe(null);
    expect(() => evaluateExpression('value - "x"', { value: 1 })).toThrow(/'-' needs two numbers/);
  });

  it('validation reports expressions that do not parse and unknown names, with JSON paths', () => {
    const result = validateWorkflow({
      apiVersion: 'twingraph/v1', kind: 'Workflow', metadata: { name: 'w' },
      nodes: [
        { id: 'c', type: 'condition', expression: 'x > (', inputs: [{ name: 'x', type: 'number' }] },
        { id: 'd', type: 'condition', expression: 'y > 1', inputs: [{ name: 'x', type: 'number' }] },
        { id: 'm', type: 'map', over: 'items', body: 'ghost', inputs: [] },
        { id: 'k', type: 'component' },
      ],
    });
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => `${p.code}@${p.path}`)).toEqual(expect.arrayContaining([
      'invalid_expression@$.nodes[0].expression', 'unknown_name@$.nodes[1].expression', 'unknown_body@$.nodes[2].body', 'unknown_port@$.nodes[2].over', 'missing_code@$.nodes[3]',
    ]));
  });
});
