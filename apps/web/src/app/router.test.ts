import { describe, expect, it } from 'vitest';
import { href, parseHash } from './router.js';

describe('hash router', () => {
  it('matches every page route with its params and query', () => {
    expect(parseHash('')).toMatchObject({ path: '/', pattern: '/' });
    expect(parseHash('#/designer')).toMatchObject({ pattern: '/designer', params: {} });
    expect(parseHash('#/designer/wf%201')).toMatchObject({ pattern: '/designer/:workflowId', params: { workflowId: 'wf 1' } });
    expect(parseHash('#/executions/abc')).toMatchObject({ pattern: '/executions/:id', params: { id: 'abc' } });
    // A literal segment wins over a parameter.
    expect(parseHash('#/executions/diff/a/b')).toMatchObject({ pattern: '/executions/diff/:a/:b', params: { a: 'a', b: 'b' } });
    expect(parseHash('#/lineage?component=h1&depth=3')).toMatchObject({ pattern: '/lineage', query: { component: 'h1', depth: '3' } });
    expect(parseHash('#/nowhere/at/all')).toMatchObject({ pattern: undefined, path: '/nowhere/at/all' });
  });

  it('builds hrefs with encoded queries', () => {
    expect(href('/lineage', { execution: 'a b', depth: 2, skip: undefined })).toBe('#/lineage?execution=a+b&depth=2');
    expect(href('/executions')).toBe('#/executions');
  });
});
