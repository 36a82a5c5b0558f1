import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../../packages/twingraph/src/cli/cli-harness.test-support.js';

interface JsonRun {
  status: string;
  result: { rust_step: { payload: Record<string, unknown> } };
  executions: Array<{ executionId: string; name: string; parents: string[] }>;
}

describe('languages: one payload through six runtimes', () => {
  let home: string;
  let cleanup: () => void;
  beforeEach(() => ({ home, cleanup } = tempHome()));
  afterEach(() => cleanup());

  it('passes unicode, nested values, nulls and booleans through Python → JS → TS → Bash → C++ → Rust', async () => {
    const res = await runCli(['run', 'examples/languages/workflow.json', '--json'], { home });
    expect(res.code, res.stderr).toBe(0);
    const run = JSON.parse(res.stdout) as JsonRun;
    expect(run.status).toBe('succeeded');
    expect(run.result.rust_step.payload).toEqual({
      greeting: 'héllo wörld 🌍 你好',
      nested: { list: [1, 2.5, null, true], none: null },
      flag: false,
      python: { words: 4 },
      javascript: { upper: 'HÉLLO WÖRLD 🌍 你好', listLength: 4 },
      typescript: { sum: 3.5, typed: true },
      bash: { shell: 'bash', note: 'ça marche' },
      cpp: { standard: 17, ok: true, nothing: null },
      rust: { edition: 2021, checked: '✓ ñ' },
    });
    const byId = new Map(run.executions.map((e) => [e.executionId, e.name]));
    const chain = run.executions.map((e) => `${e.name} <- ${e.parents.map((p) => byId.get(p)).join(',')}`).sort();
    expect(chain).toEqual([
      'bash_step <- typescript_step',
      'cpp_step <- bash_step',
      'javascript_step <- python_start',
      'python_start <- ',
      'rust_step <- cpp_step',
      'typescript_step <- javascript_step',
    ]);
  });
});
