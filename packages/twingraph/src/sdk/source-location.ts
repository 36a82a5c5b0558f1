import { fileURLToPath } from 'node:url';

export interface SourceLocation {
  file: string;
  line: number;
}

/**
 * Where the caller of the SDK function was written: the first stack frame outside this package.
 * Used to find a component's source lines for `git: true`.
 */
export function callerLocation(): SourceLocation | undefined {
  const stack = new Error().stack?.split('\n').slice(1) ?? [];
  for (const frame of stack) {
    const match = /\(?((?:file:\/\/)?\/[^():]+):(\d+):\d+\)?\s*$/.exec(frame);
    if (match === null) continue;
    const raw = match[1]!;
    const file = raw.startsWith('file://') ? fileURLToPath(raw) : raw;
    if (isOwnFile(file)) continue;
    return { file, line: Number(match[2]) };
  }
  return undefined;
}

function isOwnFile(file: string): boolean {
  return /[/\\]twingraph[/\\](?:src|dist)[/\\]sdk[/\\]/.test(file) || file.includes('/node_modules/twingraph/') || file.startsWith('node:');
}
