import type { NodeStatus, RunEvent } from '@twingraph/model';
import { createStyle, formatDuration, type Style } from './terminal-style.js';

interface Running {
  name: string;
  since: number;
  attempt: number;
  items?: number;
}

export interface ProgressViewOptions {
  stream: NodeJS.WriteStream;
  /** Redraw live status lines (a TTY); otherwise only notable events are printed. */
  live: boolean;
  colour: boolean;
  /** Print component log lines. @defaultValue true */
  logs?: boolean;
  /** Running components listed at once. @defaultValue 8 */
  maxLines?: number;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * Live progress of a run in the terminal: counts by status and the components running now,
 * redrawn in place at most every 100 ms. Log lines, retries and failures scroll above it.
 */
export class ProgressView {
  private readonly running = new Map<string, Running>();
  private readonly counts = new Map<NodeStatus, number>();
  private drawnLines = 0;
  private frame = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly style: Style;
  private title = '';

  constructor(private readonly options: ProgressViewOptions) {
    this.style = createStyle(options.colour);
  }

  start(title: string): void {
    this.title = title;
    if (this.options.live) {
      this.timer = setInterval(() => this.draw(), 100);
      this.timer.unref();
    } else {
      this.options.stream.write(`${title}\n`);
    }
  }

  readonly onEvent = (event: RunEvent): void => {
    switch (event.type) {
      case 'node.status':
        if (event.status === 'running') {
          const existing = this.running.get(event.executionId);
          this.running.set(event.executionId, { name: event.name, since: existing?.since ?? Date.now(), attempt: event.attempt });
        } else if (event.status !== 'queued' && event.status !== 'pending') {
          this.running.delete(event.executionId);
          this.counts.set(event.status, (this.counts.get(event.status) ?? 0) + 1);
          if (event.status === 'failed' && event.error !== undefined) {
            this.print(this.style.red(`✗ ${event.name} failed: ${event.error.message}`));
          }
        }
        break;
      case 'node.retry':
        this.print(this.style.yellow(`↻ ${event.name} attempt ${event.attempt} failed (${event.error.message}); retrying in ${formatDuration(event.delayMs)}`));
        break;
      case 'node.log':
        if (this.options.logs !== false && event.stream !== 'system') this.print(`${this.style.dim(`[${event.name}]`)} ${event.line}`);
        break;
      case 'node.progress': {
        const running = this.running.get(event.executionId);
        if (running !== undefined) running.items = event.items;
        break;
      }
      default:
        break;
    }
  };

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.clear();
  }

  private print(line: string): void {
    this.clear();
    this.options.stream.write(`${line}\n`);
    if (this.options.live) this.draw();
  }

  private clear(): void {
    if (this.drawnLines > 0) this.options.stream.write(`\u001b[${this.drawnLines}A\u001b[0J`);
    this.drawnLines = 0;
  }

  private draw(): void {
    const s = this.style;
    const count = (status: NodeStatus): number => this.counts.get(status) ?? 0;
    const lines = [
      `${s.cyan(FRAMES[this.frame++ % FRAMES.length]!)} ${this.title}`,
      `  ${s.green(`${count('succeeded')} succeeded`)}  ${count('cached')} cached  ${s.red(`${count('failed')} failed`)}  ${this.running.size} running`,
    ];
    const maxLines = this.options.maxLines ?? 8;
    let shown = 0;
    for (const running of this.running.values()) {
      if (shown++ >= maxLines) {
        lines.push(s.dim(`  … and ${this.running.size - maxLines} more`));
        break;
      }
      const extra = [running.attempt > 1 ? `attempt ${running.attempt}` : '', running.items === undefined ? '' : `${running.items} items`].filter(Boolean).join(', ');
      lines.push(`  ${s.cyan('●')} ${running.name} ${s.dim(formatDuration(Date.now() - running.since))}${extra ? s.dim(` (${extra})`) : ''}`);
    }
    this.clear();
    this.options.stream.write(`${lines.join('\n')}\n`);
    this.drawnLines = lines.length;
  }
}
