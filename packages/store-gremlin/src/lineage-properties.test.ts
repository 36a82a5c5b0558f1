import { describe, expect, it } from 'vitest';
import { makeComponentVertex } from '@twingraph/testing';
import { componentProperties, decodeComponent } from './lineage-properties.js';

describe('lineage properties', () => {
  it('flattens scalar attributes beside the JSON, never over a schema key', () => {
    const vertex = makeComponentVertex({ executionId: 'x', attributes: { owner: 'team-a', cost: 0.5, gpu: false, status: 'fake', labels: { a: 1 } } });
    const props = new Map(componentProperties(vertex));
    expect(props.get('owner')).toBe('team-a');
    expect(props.get('cost')).toBe(0.5);
    expect(props.get('gpu')).toBe(false);
    expect(props.get('status')).toBe(vertex.status);
    expect(props.has('labels')).toBe(false);
    expect(decodeComponent(Object.fromEntries(props))).toEqual(vertex);
  });
});
