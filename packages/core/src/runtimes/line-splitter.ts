import { StringDecoder } from 'node:string_decoder';

/**
 * Turns a byte stream into UTF-8 lines as they complete (multi-byte characters split across chunks
 * are kept whole; `\r\n` and `\n` both end a line). `end()` emits a last line without a newline.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: Buffer | string): void {
    const text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    // Search only the new text, so a very long line costs linear time.
    let end = text.indexOf('\n');
    if (end === -1) {
      this.pending += text;
      return;
    }
    this.onLine(trimCarriageReturn(this.pending + text.slice(0, end)));
    let start = end + 1;
    for (end = text.indexOf('\n', start); end !== -1; end = text.indexOf('\n', start)) {
      this.onLine(trimCarriageReturn(text.slice(start, end)));
      start = end + 1;
    }
    this.pending = text.slice(start);
  }

  end(): void {
    const rest = this.pending + this.decoder.end();
    this.pending = '';
    if (rest !== '') this.onLine(trimCarriageReturn(rest));
  }
}

function trimCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
