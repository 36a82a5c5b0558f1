import { afterAll, describe, expect, it } from 'vitest';
import { LocalExecutor } from '../executors/local-executor.js';
import { createDefaultRuntimes } from './default-runtimes.js';
import { removeTempDirs, tempDir, testRequest } from './runtime.test-support.js';

afterAll(removeTempDirs);

describe('createDefaultRuntimes', () => {
  it('gives one runtime per language, pluggable into the LocalExecutor', async () => {
    const runtimes = createDefaultRuntimes({ workDir: tempDir('work'), cacheDir: tempDir('build') });
    expect(runtimes.map((runtime) => runtime.language)).toEqual(['python', 'bash', 'javascript', 'typescript', 'cpp', 'rust']);
    const executor = new LocalExecutor({ runtimes });
    const test = testRequest('bash', 'echo "hi $INPUT_NAME"\ntwingraph_output greeting "hello $INPUT_NAME"\n', { inputs: { name: 'Ada' } });
    expect(await executor.execute(test.request)).toMatchObject({ outputs: { greeting: 'hello Ada' } });
    expect(test.lines('stdout')).toEqual(['hi Ada']);
  });
});
