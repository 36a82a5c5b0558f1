import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTar, readFirstTarFile } from './tar-archive.js';

describe('tar archive', () => {
  it('writes archives that tar extracts, with parent directories and long paths', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-tar-'));
    try {
      const long = `twingraph/work/.twingraph/inputs/INPUT_${'X'.repeat(90)}`;
      const archive = createTar([
        { path: 'twingraph/work/inputs.json', content: '{"a":"é"}' },
        { path: long, content: Buffer.alloc(700, 1) },
      ]);
      execFileSync('tar', ['-x', '-C', dir], { input: archive });
      expect(readFileSync(join(dir, 'twingraph/work/inputs.json'), 'utf8')).toBe('{"a":"é"}');
      expect(readFileSync(join(dir, long)).length).toBe(700);
      expect(statSync(join(dir, 'twingraph/work')).isDirectory()).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads back the first file of an archive', () => {
    const archive = createTar([{ path: 'dir/' }, { path: 'outputs.json', content: '{"sum":3}' }]);
    expect(readFirstTarFile(archive)?.toString()).toBe('{"sum":3}');
    expect(readFirstTarFile(createTar([{ path: 'only/' }]))).toBeUndefined();
  });
});
