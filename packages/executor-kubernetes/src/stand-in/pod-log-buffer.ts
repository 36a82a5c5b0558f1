import type { ServerResponse } from 'node:http';

interface Line {
  ns: bigint;
  text: string;
}

let lastStamp = 0n;

/** Strictly increasing wall-clock nanoseconds, so every log line has its own timestamp. */
function now(): bigint {
  const ms = BigInt(Date.now()) * 1_000_000n + (process.hrtime.bigint() % 1_000_000n);
  lastStamp = ms > lastStamp ? ms : lastStamp + 1n;
  return lastStamp;
}

export function rfc3339Nano(ns: bigint): string {
  const date = new Date(Number(ns / 1_000_000n)).toISOString().slice(0, 19);
  return `${date}.${(ns % 1_000_000_000n).toString().padStart(9, '0')}Z`;
}

/** One container's log as the kubelet keeps it: lines with timestamps, followers until it ends. */
export class PodLogBuffer {
  private readonly lines: Line[] = [];
  private readonly followers = new Set<{ res: ServerResponse; timestamps: boolean }>();
  private ended = false;

  append(text: string): void {
    const line = { ns: now(), text };
    this.lines.push(line);
    for (const f of this.followers) f.res.write(format(line, f.timestamps));
  }

  /** The container ended: followers get the end of the stream. */
  end(): void {
    this.ended = true;
    for (const f of this.followers) f.res.end();
    this.followers.clear();
  }

  get finished(): boolean {
    return this.ended;
  }

  /** Writes the log (from `sinceNs`, last `tailLines`) and, with follow, keeps the response open until the end. */
  serve(res: ServerResponse, options: { follow: boolean; timestamps: boolean; sinceNs?: bigint; tailLines?: number }): void {
    res.writeHead(200, { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' });
    let lines = options.sinceNs === undefined ? this.lines : this.lines.filter((l) => l.ns >= options.sinceNs!);
    if (options.tailLines !== undefined) lines = lines.slice(Math.max(0, lines.length - options.tailLines));
    for (const line of lines) res.write(format(line, options.timestamps));
    if (!options.follow || this.ended) {
      res.end();
      return;
    }
    const follower = { res, timestamps: options.timestamps };
    this.followers.add(follower);
    res.on('close', () => this.followers.delete(follower));
  }
}

function format(line: Line, timestamps: boolean): string {
  return timestamps ? `${rfc3339Nano(line.ns)} ${line.text}\n` : `${line.text}\n`;
}
