import { describe, expect, it } from 'vitest';
import { parseCpu, parseMemorySize } from './memory-size.js';

describe('parseMemorySize', () => {
  it.each([
    ['512Mi', 512 * 2 ** 20],
    ['2Gi', 2 * 2 ** 30],
    ['1G', 1e9],
    ['1.5GB', 1.5e9],
    ['64k', 64e3],
    ['100', 100],
    [4096, 4096],
  ])('%s → %d bytes', (input, bytes) => {
    expect(parseMemorySize(input)).toEqual({ bytes });
  });

  it.each(['lots', '-5Mi', '12 parsecs', '', 0, 1.5, true])('rejects %s', (input) => {
    expect(parseMemorySize(input)).toHaveProperty('problem');
  });
});

describe('parseCpu', () => {
  it('reads CPUs and millicores', () => {
    expect(parseCpu(1.5)).toEqual({ nanoCpus: 1_500_000_000 });
    expect(parseCpu('500m')).toEqual({ nanoCpus: 500_000_000 });
    expect(parseCpu('2')).toEqual({ nanoCpus: 2_000_000_000 });
    expect(parseCpu('fast')).toHaveProperty('problem');
    expect(parseCpu(0)).toHaveProperty('problem');
  });
});
