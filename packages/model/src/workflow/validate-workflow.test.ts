import { describe, expect, it } from 'vitest';
import { parseWorkflow, validateWorkflow } from './validate-workflow.js';
import { ERROR_CODES } from '../errors/error-codes.js';

const node = (id: string, extra: Record<string, unknown> = {}) => ({
  id, type: 'component', language: 'python', code: 'def process(inputs):\n  return {"x": 1}',
  inputs: [{ name: 'y', type: 'number' }], outputs: [{ name: 'x', type: 'number' }], ...extra,
});
const doc = (nodes: unknown[], edges: unknown[] = []) => ({ apiVersion: 'twingraph/v1', kind: 'Workflow', metadata: { name: 'w' }, nodes, edges });
const edge = (source: string, target: string, sourceHandle = 'x', targetHandle = 'y') => ({ source, sourceHandle, target, targetHandle });

describe('validateWorkflow', () => {
  it('accepts a valid document', () => {
    const result = validateWorkflow(doc([node('a'), node('b')], [edge('a', 'b')]));
    expect(result.ok).toBe(true);
  });

  it('names the cycle', () => {
    const result = validateWorkflow(doc([node('a'), node('b'), node('c')], [edge('a', 'b'), edge('b', 'c'), edge('c', 'b')]));
    expect(result.problems).toEqual([expect.objectContaining({ code: 'cycle', message: expect.stringContaining('b → c → b') })]);
    expect(() => parseWorkflow(doc([node('a'), node('b')], [edge('a', 'b'), edge('b', 'a')]))).toThrow(expect.objectContaining({ code: ERROR_CODES.DAG_CYCLE }));
  });

  it('reports every graph problem at once with paths', () => {
    const result = validateWorkflow(doc(
      [node('a'), node('a'), node('s', { outputs: [{ name: 'x', type: 'string' }] }), node('r', { inputs: [{ name: 'must', type: 'number', required: true }] })],
      [edge('a', 'ghost'), edge('a', 'a', 'nope', 'y'), edge('s', 'a')],
    ));
    expect(result.ok).toBe(false);
    const codes = result.problems.map((p) => `${p.code}@${p.path}`);
    expect(codes).toEqual(expect.arrayContaining([
      'duplicate_id@$.nodes[1].id',
      'dangling_edge@$.edges[0].target',
      'unknown_port@$.edges[1].sourceHandle',
      'type_mismatch@$.edges[2]',
      'missing_input@$.nodes[3].inputs[0]',
    ]));
    for (const problem of result.problems) expect(problem.hint).toBeTruthy();
  });

  it('reports unknown fields, wrong types and unsupported languages and platforms', () => {
    const result = validateWorkflow(doc([node('a', { language: 'cobol', platform: 'mainframe', retries: 3, timeoutMs: 'soon' })]));
    expect(result.ok).toBe(false);
    const paths = result.problems.map((p) => `${p.code}@${p.path}`);
    expect(paths).toEqual(expect.arrayContaining(['unsupported_value@$.nodes[0].language', 'unsupported_value@$.nodes[0].platform', 'invalid_type@$.nodes[0].timeoutMs']));
    expect(result.problems.some((p) => p.code === 'unknown_field')).toBe(true);
  });
});
