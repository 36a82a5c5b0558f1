import { describe, expect, it } from 'vitest';
import { LineSplitter } from './line-splitter.js';

describe('LineSplitter', () => {
  const split = (chunks: (Buffer | string)[]): string[] => {
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line));
    for (const chunk of chunks) splitter.push(chunk);
    splitter.end();
    return lines;
  };

  it('emits complete lines, strips \\r\\n and flushes a last line without newline', () => {
    expect(split(['a\r\nb', 'c\n\nd'])).toEqual(['a', 'bc', '', 'd']);
  });

  it('keeps multi-byte characters split across chunks whole', () => {
    const bytes = Buffer.from('ü😀\n');
    expect(split([bytes.subarray(0, 1), bytes.subarray(1, 3), bytes.subarray(3)])).toEqual(['ü😀']);
  });

  it('joins a long line delivered in many chunks', () => {
    const line = 'x'.repeat(1_000_000);
    const chunks = Array.from({ length: 100 }, (_, i) => line.slice(i * 10_000, (i + 1) * 10_000));
    expect(split([...chunks, '\n'])).toEqual([line]);
  });
});
