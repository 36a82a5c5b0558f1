import { describe, expect, it } from 'vitest';
import { OutputCollector } from './output-collector.js';
import { parseOutputsJson } from './output-parser.js';

describe('OutputCollector', () => {
  const collect = (lines: [('stdout' | 'stderr'), string][], jsonStdout = false) => {
    const logged: string[] = [];
    const collector = new OutputCollector((stream, line) => logged.push(`${stream}:${line}`), { jsonStdout, tailSize: 2 });
    for (const [stream, line] of lines) collector.onLine(stream, line);
    return { collector, logged };
  };

  it('takes the last marker line, logs text before a marker and the rest of the output', () => {
    const { collector, logged } = collect([
      ['stdout', '::twingraph-outputs::{"a":1}'],
      ['stderr', '::twingraph-outputs::{"ignored":true}'],
      ['stdout', 'partial::twingraph-outputs::{"a":2}'],
    ]);
    expect(collector.result.marker).toBe('{"a":2}');
    expect(logged).toEqual(['stderr:::twingraph-outputs::{"ignored":true}', 'stdout:partial']);
    expect(collector.tail).toEqual(['::twingraph-outputs::{"ignored":true}', 'partial']);
  });

  it('holds back the last JSON object line of a compiled program and logs the ones it replaces', () => {
    const { collector, logged } = collect(
      [
        ['stdout', '{"first":1}'],
        ['stdout', 'log'],
        ['stdout', '{"second":2}'],
        ['stdout', '{broken}'],
        ['stdout', '[1, 2]'],
      ],
      true,
    );
    expect(collector.result.jsonLine?.value).toEqual({ second: 2 });
    // A held line is logged when a later JSON line replaces it, so it can appear after later log lines.
    expect(logged).toEqual(['stdout:log', 'stdout:{"first":1}', 'stdout:{broken}', 'stdout:[1, 2]']);
    collector.release();
    expect(logged.at(-1)).toBe('stdout:{"second":2}');
    expect(collector.result.jsonLine).toBeUndefined();
  });
});

describe('parseOutputsJson', () => {
  it('accepts only a JSON object and names the problem otherwise', () => {
    expect(parseOutputsJson('{"a":[null,true]}')).toEqual({ ok: true, value: { a: [null, true] } });
    expect(parseOutputsJson('[1]')).toEqual({ ok: false, problem: 'expected a JSON object, got an array' });
    expect(parseOutputsJson('null')).toEqual({ ok: false, problem: 'expected a JSON object, got null' });
    expect(parseOutputsJson('{oops')).toMatchObject({ ok: false, problem: expect.stringMatching(/^not valid JSON \(.+\)$/) });
  });
});
