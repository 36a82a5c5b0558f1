import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve as resolvePath, sep } from 'node:path';
import { ERROR_CODES, TwinGraphError } from '@twingraph/model';
import { toEnvName } from './secret-references.js';
import type { SecretResolver } from './secret-resolver.js';

export interface FileSecretResolverOptions {
  /**
   * A directory with one file per secret (Docker `/run/secrets`, a Kubernetes secret volume: the file
   * name is the secret name, its content the value, one trailing newline dropped), or one file:
   * `*.json` (an object of name → value) or a `.env` file (`NAME=value` lines, `#` comments, quotes).
   */
  path: string;
}

/**
 * Secrets read from files at every lookup, so rotated mounts are picked up without a restart.
 * In a directory, `a/b` reads the file `a/b` below it; names cannot leave the directory.
 */
export class FileSecretResolver implements SecretResolver {
  readonly name = 'file';
  private readonly root: string;

  constructor(options: FileSecretResolverOptions) {
    this.root = resolvePath(options.path);
  }

  async resolve(name: string): Promise<string | undefined> {
    const info = await stat(this.root).catch((error: unknown) => {
      throw this.unavailable(`cannot read ${this.root}: ${(error as Error).message}`, error);
    });
    if (info.isDirectory()) return this.fromDirectory(name);
    const text = await readFile(this.root, 'utf8').catch((error: unknown) => {
      throw this.unavailable(`cannot read ${this.root}: ${(error as Error).message}`, error);
    });
    const entries = extname(this.root).toLowerCase() === '.json' ? this.parseJson(text) : parseDotEnv(text);
    return entries[name] ?? entries[toEnvName(name)];
  }

  private async fromDirectory(name: string): Promise<string | undefined> {
    const file = resolvePath(join(this.root, name));
    if (!file.startsWith(this.root + sep)) return undefined;
    try {
      return (await readFile(file, 'utf8')).replace(/\r?\n$/, '');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return undefined;
      throw this.unavailable(`cannot read secret file ${file}: ${(error as Error).message}`, error);
    }
  }

  private parseJson(text: string): Record<string, string> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw this.unavailable(`${this.root} is not valid JSON: ${(error as Error).message}`, error);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw this.unavailable(`${this.root} must hold a JSON object of name → value`);
    return Object.fromEntries(Object.entries(parsed).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]));
  }

  private unavailable(message: string, cause?: unknown): TwinGraphError {
    return new TwinGraphError(ERROR_CODES.SECRET_UNAVAILABLE, `Secrets file: ${message}`, {
      category: 'operational', cause,
      hint: 'Point the secrets path at a readable directory, a JSON object file or a .env file.',
    });
  }
}

/** `NAME=value` lines; `export ` prefixes, `#` comments and single/double quotes as in shell .env files. */
export function parseDotEnv(text: string): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([\w.-]+)\s*=\s*(.*)$/.exec(line);
    if (match === null) continue;
    let value = match[2]!;
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.endsWith(quote) && value.length >= 2) {
      value = value.slice(1, -1);
      if (quote === '"') value = value.replace(/\\n/g, '\n').replace(/\\"/g, '"');
    } else {
      value = value.replace(/\s+#.*$/, '');
    }
    entries[match[1]!] = value;
  }
  return entries;
}
