// A minimal ustar writer and reader: enough to copy a work dir into a container (putArchive) and
// read one file back (getArchive) without a tar dependency.

const BLOCK = 512;

export interface TarEntry {
  /** Relative path; directories end with `/`. */
  path: string;
  /** File content; omitted for directories. */
  content?: string | Buffer;
  /** @defaultValue 0o777 for directories, 0o666 for files (any container user may write the work dir) */
  mode?: number;
}

/** A tar archive of `entries`, with the parent directories each path needs added first. */
export function createTar(entries: readonly TarEntry[]): Buffer {
  const blocks: Buffer[] = [];
  const seen = new Set<string>();
  const addDirectory = (dir: string): void => {
    if (seen.has(dir)) return;
    const parent = dir.slice(0, dir.slice(0, -1).lastIndexOf('/') + 1);
    if (parent !== '') addDirectory(parent);
    seen.add(dir);
    blocks.push(header(dir, 0, 0o777, '5'));
  };
  for (const entry of entries) {
    if (entry.path.endsWith('/')) {
      addDirectory(entry.path);
      continue;
    }
    const slash = entry.path.lastIndexOf('/');
    if (slash !== -1) addDirectory(entry.path.slice(0, slash + 1));
    const content = typeof entry.content === 'string' ? Buffer.from(entry.content) : (entry.content ?? Buffer.alloc(0));
    blocks.push(header(entry.path, content.length, entry.mode ?? 0o666, '0'), content);
    const padding = (BLOCK - (content.length % BLOCK)) % BLOCK;
    if (padding > 0) blocks.push(Buffer.alloc(padding));
  }
  blocks.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(blocks);
}

/** The content of the first regular file in a tar archive, or undefined when it holds none. */
export function readFirstTarFile(archive: Buffer): Buffer | undefined {
  for (let offset = 0; offset + BLOCK <= archive.length; ) {
    const block = archive.subarray(offset, offset + BLOCK);
    if (block.every((byte) => byte === 0)) return undefined;
    const size = parseInt(field(block, 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(block[156] ?? 0);
    offset += BLOCK;
    if (type === '0' || type === '\0') return archive.subarray(offset, offset + size);
    offset += Math.ceil(size / BLOCK) * BLOCK;
  }
  return undefined;
}

function header(path: string, size: number, mode: number, type: '0' | '5'): Buffer {
  const block = Buffer.alloc(BLOCK);
  const { name, prefix } = splitPath(path);
  block.write(name, 0, 100, 'utf8');
  block.write(octal(mode, 8), 100);
  block.write(octal(0, 8), 108);
  block.write(octal(0, 8), 116);
  block.write(octal(size, 12), 124);
  block.write(octal(Math.floor(Date.now() / 1000), 12), 136);
  block.write('        ', 148);
  block.write(type, 156);
  block.write('ustar\u000000', 257, 'latin1');
  block.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 'latin1');
  return block;
}

/** ustar keeps up to 100 bytes in `name` and 155 more in `prefix`, split at a slash. */
function splitPath(path: string): { name: string; prefix: string } {
  if (Buffer.byteLength(path) <= 100) return { name: path, prefix: '' };
  for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100 && name !== '') return { name, prefix };
  }
  throw new Error(`path too long for a tar archive: ${path}`);
}

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\u0000`;
}

function field(block: Buffer, start: number, length: number): string {
  const raw = block.subarray(start, start + length).toString('latin1');
  const end = raw.indexOf('\u0000');
  return end === -1 ? raw : raw.slice(0, end);
}
