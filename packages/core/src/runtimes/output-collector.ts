import { parseOutputsJson } from './output-parser.js';
import { ERROR_MARKER, OUTPUTS_MARKER } from './protocol.js';
import type { OutputStream } from './process-runner.js';

export interface CollectedOutput {
  /** JSON text of the last outputs marker line. */
  marker?: string;
  /** JSON text of a harness error marker. */
  error?: string;
  /** Compiled programs: the last stdout line that parsed as a JSON object. */
  jsonLine?: { text: string; value: Record<string, unknown> };
  /** Compiled programs: the last stdout line that looked like a JSON object but did not parse. */
  badJsonLine?: { text: string; problem: string };
}

export interface OutputCollectorOptions {
  /** Treat the last stdout line that is a JSON object as the outputs (C++/Rust). */
  jsonStdout: boolean;
  /** Log lines kept for error messages. @defaultValue 20 */
  tailSize?: number;
}

/**
 * Sorts a component's output lines into protocol lines (markers, outputs JSON) and log lines, which
 * go to `log` as they arrive. A stdout line that may be the outputs JSON is held back until a later
 * one replaces it, so outputs are not logged; `release()` logs it if it was not used.
 */
export class OutputCollector {
  private readonly collected: CollectedOutput = {};
  private readonly tailLines: string[] = [];
  private readonly tailSize: number;

  constructor(
    private readonly log: (stream: OutputStream, line: string) => void,
    private readonly options: OutputCollectorOptions,
  ) {
    this.tailSize = options.tailSize ?? 20;
  }

  readonly onLine = (stream: OutputStream, line: string): void => {
    if (stream === 'stdout' && this.protocolLine(line)) return;
    this.write(stream, line);
  };

  get result(): CollectedOutput {
    return this.collected;
  }

  /** The last log lines, oldest first. */
  get tail(): readonly string[] {
    return this.tailLines;
  }

  /** Logs the held JSON line (call when it did not become the outputs). */
  release(): void {
    const held = this.collected.jsonLine;
    if (held === undefined) return;
    delete this.collected.jsonLine;
    this.write('stdout', held.text);
  }

  private protocolLine(line: string): boolean {
    const marker = line.indexOf(OUTPUTS_MARKER);
    if (marker !== -1) {
      this.logPrefix(line, marker);
      this.collected.marker = line.slice(marker + OUTPUTS_MARKER.length);
      return true;
    }
    const error = line.indexOf(ERROR_MARKER);
    if (error !== -1) {
      this.logPrefix(line, error);
      this.collected.error = line.slice(error + ERROR_MARKER.length);
      return true;
    }
    if (!this.options.jsonStdout) return false;
    const trimmed = line.trim();
    if (!trimmed.startsWith('{') || !trimmed.endsWith('}')) return false;
    const parsed = parseOutputsJson(trimmed);
    if (!parsed.ok) {
      this.collected.badJsonLine = { text: trimmed, problem: parsed.problem };
      return false;
    }
    this.release();
    this.collected.jsonLine = { text: line, value: parsed.value };
    delete this.collected.badJsonLine;
    return true;
  }

  private logPrefix(line: string, index: number): void {
    // Text printed without a newline before the marker is still log.
    if (index > 0) this.write('stdout', line.slice(0, index));
  }

  private write(stream: OutputStream, line: string): void {
    this.tailLines.push(line);
    if (this.tailLines.length > this.tailSize) this.tailLines.shift();
    this.log(stream, line);
  }
}
