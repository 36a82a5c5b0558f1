import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import type { GitProvenance } from '@twingraph/model';
import type { SourceLocation } from './source-location.js';

const run = promisify(execFile);

/**
 * Commit and per-line blame of the source of the call that starts at `location` (a `component(`
 * call). The call's end is found by matching brackets in the file text. Problems (not a git
 * repository, git missing) are recorded in `error` instead of failing the run.
 */
export async function gitProvenance(location: SourceLocation): Promise<GitProvenance> {
  const cwd = dirname(location.file);
  const base: GitProvenance = { file: location.file, startLine: location.line, endLine: location.line, lines: [] };
  try {
    const text = await readFile(location.file, 'utf8');
    base.endLine = callEndLine(text, location.line);
    const [{ stdout: commit }, { stdout: root }] = await Promise.all([
      run('git', ['rev-parse', 'HEAD'], { cwd }),
      run('git', ['rev-parse', '--show-toplevel'], { cwd }),
    ]);
    base.commit = commit.trim();
    const relative = location.file.startsWith(root.trim()) ? location.file.slice(root.trim().length + 1) : location.file;
    base.file = relative;
    const { stdout } = await run('git', ['blame', '--porcelain', '-L', `${base.startLine},${base.endLine}`, '--', relative], {
      cwd: root.trim(),
      maxBuffer: 16 * 1024 * 1024,
    });
    base.lines = parseBlamePorcelain(stdout);
  } catch (error) {
    base.error = error instanceof Error ? error.message.split('\n')[0] : String(error);
  }
  return base;
}

/** Last line of the bracketed call starting on `startLine` (1-based); strings and comments are skipped. */
export function callEndLine(text: string, startLine: number): number {
  let line = 1;
  let index = 0;
  while (line < startLine && index < text.length) if (text[index++] === '\n') line++;
  let depth = 0;
  let opened = false;
  while (index < text.length) {
    const ch = text[index]!;
    if (ch === '\n') line++;
    else if (ch === '/' && text[index + 1] === '/') {
      while (index < text.length && text[index] !== '\n') index++;
      continue;
    } else if (ch === '/' && text[index + 1] === '*') {
      const end = text.indexOf('*/', index + 2);
      const stop = end < 0 ? text.length : end + 2;
      for (let i = index; i < stop; i++) if (text[i] === '\n') line++;
      index = stop;
      continue;
    } else if (ch === '"' || ch === "'" || ch === '`') {
      index = skipString(text, index, ch, () => line++);
      continue;
    } else if (ch === '(' || ch === '{' || ch === '[') {
      depth++;
      opened = true;
    } else if (ch === ')' || ch === '}' || ch === ']') {
      depth--;
      if (opened && depth === 0) return line;
    }
    index++;
  }
  return line;
}

function skipString(text: string, start: number, quote: string, onNewline: () => void): number {
  let index = start + 1;
  while (index < text.length && text[index] !== quote) {
    if (text[index] === '\\') index++;
    else if (text[index] === '\n') onNewline();
    index++;
  }
  return index + 1;
}

/** Parses `git blame --porcelain`: commit details appear once per commit, then only its hash. */
export function parseBlamePorcelain(output: string): GitProvenance['lines'] {
  const commits = new Map<string, { author: string; authorMail?: string; date: string }>();
  const lines: GitProvenance['lines'] = [];
  let current: { sha: string; line: number; fields: Record<string, string> } | undefined;
  for (const row of output.split('\n')) {
    const header = /^([0-9a-f]{40}) \d+ (\d+)/.exec(row);
    if (header !== null) {
      current = { sha: header[1]!, line: Number(header[2]), fields: {} };
    } else if (row.startsWith('\t') && current !== undefined) {
      let info = commits.get(current.sha);
      if (info === undefined) {
        const time = Number(current.fields['author-time'] ?? 0);
        info = {
          author: current.fields.author ?? 'unknown',
          ...(current.fields['author-mail'] === undefined ? {} : { authorMail: current.fields['author-mail'].replace(/[<>]/g, '') }),
          date: new Date(time * 1000).toISOString(),
        };
        commits.set(current.sha, info);
      }
      lines.push({ line: current.line, commit: current.sha, ...info, text: row.slice(1) });
      current = undefined;
    } else if (current !== undefined) {
      const space = row.indexOf(' ');
      if (space > 0) current.fields[row.slice(0, space)] = row.slice(space + 1);
    }
  }
  return lines;
}
