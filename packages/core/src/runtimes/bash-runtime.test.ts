import { afterAll, describe, expect, it } from 'vitest';
import { BashRuntime } from './bash-runtime.js';
import { processGone, removeTempDirs, tempDir, testRequest, waitUntil } from './runtime.test-support.js';

afterAll(removeTempDirs);

const runtime = new BashRuntime({ workDir: tempDir('work') });
const run = (code: string, options: Parameters<typeof testRequest>[2] = {}) => {
  const test = testRequest('bash', code, options);
  return { ...test, outcome: runtime.execute(test.request) };
};

describe('BashRuntime', () => {
  it('exports INPUT_<NAME> variables: strings as they are, other values as JSON text', async () => {
    const inputs = { 'my-input': ' spaced  out \n', count: 3, flag: false, obj: { x: [1, 'ü'] }, nothing: null };
    const code = [
      'twingraph_output s "$INPUT_MY_INPUT"',
      'twingraph_output count "$INPUT_COUNT"',
      'twingraph_output flag "$INPUT_FLAG"',
      'twingraph_output obj "$INPUT_OBJ"',
      'twingraph_output nothing "$INPUT_NOTHING"',
      'twingraph_output exported "$(bash -c \'echo "$INPUT_COUNT"\')"',
    ].join('\n');
    const { outputs } = await run(code, { inputs }).outcome;
    expect(outputs).toEqual({ s: ' spaced  out \n', count: '3', flag: 'false', obj: '{"x":[1,"ü"]}', nothing: 'null', exported: '3' });
  });

  it('twingraph_output escapes any string, keeps the first position of a replaced output and takes --json values', async () => {
    const code = [
      'set -euo pipefail',
      'twingraph_output text "first"',
      `twingraph_output --json list '[1, {"a": null}]'`,
      `twingraph_output text $'quote " backslash \\\\ bell \\a esc \\e tab \\t cr \\r'`,
      'twingraph_output "odd name ]" x',
      'if twingraph_output only-name 2>/dev/null; then echo "should fail"; fi',
    ].join('\n');
    const { outputs } = await run(code).outcome;
    expect(Object.keys(outputs)).toEqual(['text', 'list', 'odd name ]']);
    expect(outputs).toEqual({ text: 'quote " backslash \\ bell \u0007 esc \u001b tab \t cr \r', list: [1, { a: null }], 'odd name ]': 'x' });
  });

  it('prefers the marker line over outputs.json', async () => {
    const { outcome } = run(`twingraph_output from file\necho '::twingraph-outputs::{"from": "marker"}'\n`);
    expect(await outcome).toMatchObject({ outputs: { from: 'marker' }, metadata: { outputsSource: 'marker' } });
  });

  it('does not wait for a background child that keeps stdout open, and ends it', async () => {
    const started = performance.now();
    const { outcome, lines } = run('(sleep 20; echo late) &\necho "pid=$!"\ntwingraph_output --json done true\n');
    expect((await outcome).outputs).toEqual({ done: true });
    expect(performance.now() - started).toBeLessThan(5000);
    const pid = Number(/pid=(\d+)/.exec(lines('stdout').join('\n'))?.[1]);
    expect(await waitUntil(() => processGone(pid), 3000)).toBe(true);
  });

  it('reports a failing command under set -e with its exit code', async () => {
    const error = await run('set -e\necho working\nfalse\necho unreachable\n').outcome.catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_COMPONENT_FAILED', details: { exitCode: 1, logTail: ['working'] } });
  });
});
