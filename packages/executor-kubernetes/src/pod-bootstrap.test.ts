import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bootstrap, FILE_OUTPUTS_MARKER } from './pod-bootstrap.js';

// Runs the bootstrap script with this machine's /bin/sh, as the Pod's shell would.
describe('Pod bootstrap script', () => {
  it('writes the work dir from environment chunks, runs the command there, and prints outputs.json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'twingraph-bootstrap-'));
    try {
      const work = join(dir, "work dir 'quoted'");
      const big = `é😀${'x'.repeat(70_000)}😀`;
      const plan = bootstrap(work, [
        { path: 'inputs.json', content: '{"a":1}' },
        { path: '.twingraph/inputs/INPUT_BIG', content: big },
      ], ['sh', '-c', 'printf "%s" "$(pwd)"; echo; printf \'{\\n  "ok": true\\n}\' > outputs.json; exit 3']);
      expect(Object.keys(plan.env).length).toBeGreaterThan(2);
      const result = spawnSync(plan.command[0]!, plan.command.slice(1), { env: { PATH: process.env['PATH'], ...plan.env }, encoding: 'utf8' });
      expect(result.status).toBe(3);
      expect(readFileSync(join(work, '.twingraph/inputs/INPUT_BIG'), 'utf8')).toBe(big);
      expect(readFileSync(join(work, 'inputs.json'), 'utf8')).toBe('{"a":1}');
      const lines = result.stdout.split('\n');
      expect(lines[0]).toBe(work);
      expect(lines).toContain(`${FILE_OUTPUTS_MARKER}{  "ok": true}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
