import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { expectGraphTracingRun } from '../shared/graph-tracing-checks.js';
import { withTempEngine } from '../shared/temp-engine.js';
import demo from './pipeline.js';

const insideGitRepo = (() => {
  try {
    execFileSync('git', ['rev-parse', 'HEAD'], { cwd: import.meta.dirname, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('demo 3: git data', () => {
  it.runIf(insideGitRepo)('records the commit and per-line blame of each component on its vertex', async () => {
    await withTempEngine(async (engine) => {
      const run = await demo({ seed: 3 }, { engine });
      expect(run.status).toBe('succeeded');
      await expectGraphTracingRun(engine.lineageStore!, run.runId, run.result!);
      const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: import.meta.dirname, encoding: 'utf8' }).trim();
      const graph = (await engine.lineageStore!.getRunGraph(run.runId))!;
      for (const vertex of graph.components) {
        const git = vertex.git!;
        expect(git.error).toBeUndefined();
        expect(git.commit).toBe(head);
        expect(git.file).toBe('examples/shared/graph-tracing.ts');
        expect(git.endLine).toBeGreaterThanOrEqual(git.startLine);
        expect(git.lines).toHaveLength(git.endLine - git.startLine + 1);
        for (const line of git.lines) {
          expect(line.commit).toMatch(/^[0-9a-f]{40}$/);
          expect(line.author.length).toBeGreaterThan(0);
          expect(Number.isNaN(Date.parse(line.date))).toBe(false);
        }
        expect(git.lines.map((l) => l.text).join('\n')).toContain(`'${vertex.name}'`);
      }
    });
  });

});
