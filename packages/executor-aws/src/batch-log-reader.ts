import { GetLogEventsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { awsErrorName } from './aws-errors.js';

/**
 * Follows one CloudWatch Logs stream from its start: each `read()` returns the events added since
 * the previous call, in order (a stream that does not exist yet has none).
 */
export class LogStreamReader {
  private token: string | undefined;

  constructor(
    private readonly client: CloudWatchLogsClient,
    readonly logGroupName: string,
    readonly logStreamName: string,
  ) {}

  async read(signal?: AbortSignal): Promise<string[]> {
    const lines: string[] = [];
    for (let page = 0; page < 1000; page++) {
      let answer;
      try {
        answer = await this.client.send(
          new GetLogEventsCommand({
            logGroupName: this.logGroupName,
            logStreamName: this.logStreamName,
            startFromHead: true,
            ...(this.token === undefined ? {} : { nextToken: this.token }),
          }),
          signal === undefined ? {} : { abortSignal: signal },
        );
      } catch (error) {
        if (awsErrorName(error) === 'ResourceNotFoundException') return lines;
        throw error;
      }
      for (const event of answer.events ?? []) if (event.message !== undefined) lines.push(event.message.replace(/\r?\n$/, ''));
      // The same forward token again means: no more events for now.
      const next = answer.nextForwardToken;
      const done = next === undefined || next === this.token || (answer.events ?? []).length === 0;
      if (next !== undefined) this.token = next;
      if (done) return lines;
    }
    return lines;
  }
}
