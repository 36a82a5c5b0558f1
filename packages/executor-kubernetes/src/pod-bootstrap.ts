import type { ContainerFile } from '@twingraph/core';

/**
 * A Pod cannot be handed files the way `docker cp` does, so the work dir (inputs.json, harness, code)
 * travels in environment variables and a short POSIX `sh` script writes it before the component runs:
 * only `sh` and its builtins are needed, plus `mkdir` (or `node` / `python3` to make the folders).
 * Each file is cut into chunks well under Linux's 128 KiB limit for one environment string. After the
 * component exits, the script prints outputs.json (if the component wrote one) on one line after
 * FILE_OUTPUTS_MARKER — a Pod's files are gone once it ends, its log is not.
 */
export const FILE_OUTPUTS_MARKER = '::twingraph-outputs-file::';

// Minimal images (the test images, distroless-like builds) may have a shell and their interpreter but no mkdir.
const MAKE_DIRS = [
  'twingraph_mkdir() {',
  '  mkdir -p "$@" 2>/dev/null && return 0',
  `  node -e 'for (const d of process.argv.slice(1)) require("fs").mkdirSync(d, { recursive: true })' "$@" 2>/dev/null && return 0`,
  `  python3 -c 'import os, sys; [os.makedirs(d, exist_ok=True) for d in sys.argv[1:]]' "$@" 2>/dev/null && return 0`,
  '  echo "twingraph: cannot create the work dir: the image has neither mkdir, node nor python3" >&2; return 1',
  '}',
];

/** UTF-16 units per chunk: at most 3 UTF-8 bytes each, so under 96 KB per variable. */
const CHUNK_UNITS = 32_000;

export interface Bootstrap {
  /** The container's command: `sh -c <script> twingraph <argv…>`. */
  command: string[];
  /** The chunk variables the script reads (and unsets before the component starts). */
  env: Record<string, string>;
  /** UTF-8 bytes of every file, for the manifest size check. */
  payloadBytes: number;
}

/** Wraps `argv` so that it runs in `workDir` after `files` are written there. */
export function bootstrap(workDir: string, files: readonly ContainerFile[], argv: readonly string[]): Bootstrap {
  const env: Record<string, string> = {};
  const dirs = new Set<string>([workDir]);
  const lines = ['set -e'];
  let payloadBytes = 0;
  files.forEach((file, index) => {
    const target = `${workDir}/${file.path}`;
    const slash = target.lastIndexOf('/');
    if (slash > 0) dirs.add(target.slice(0, slash));
    payloadBytes += Buffer.byteLength(file.content);
    const chunks = chunk(file.content);
    chunks.forEach((part, i) => {
      const name = `TWINGRAPH_F${index}_${i}`;
      env[name] = part;
      lines.push(`printf '%s' "$${name}" ${i === 0 ? '>' : '>>'} ${quote(target)}`);
    });
  });
  lines.splice(1, 0, ...MAKE_DIRS, `twingraph_mkdir ${[...dirs].map(quote).join(' ')}`);
  if (Object.keys(env).length > 0) lines.push(`unset ${Object.keys(env).join(' ')}`);
  const outputs = quote(`${workDir}/outputs.json`);
  lines.push(
    'set +e',
    `cd ${quote(workDir)}`,
    '"$@"',
    'code=$?',
    `if [ -f ${outputs} ]; then`,
    `  printf '\\n%s' '${FILE_OUTPUTS_MARKER}'`,
    // JSON text never holds a raw newline inside a string, so joining its lines keeps it the same value.
    `  while IFS= read -r line || [ -n "$line" ]; do printf '%s' "$line"; done < ${outputs}`,
    "  printf '\\n'",
    'fi',
    'exit $code',
  );
  return { command: ['sh', '-c', lines.join('\n'), 'twingraph', ...argv], env, payloadBytes };
}

function chunk(text: string): string[] {
  if (text.length <= CHUNK_UNITS) return [text];
  const parts: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + CHUNK_UNITS, text.length);
    // Never split a surrogate pair: each chunk must be valid text on its own.
    const code = text.charCodeAt(end - 1);
    if (end < text.length && code >= 0xd800 && code <= 0xdbff) end--;
    parts.push(text.slice(start, end));
    start = end;
  }
  return parts;
}

/** Single-quotes a word for sh. */
export function quote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
