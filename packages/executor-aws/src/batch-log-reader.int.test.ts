import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { expect, it } from 'vitest';
import { describeWithService } from '@twingraph/testing';
import { clientConfig } from './aws-connection.js';
import { LogStreamReader } from './batch-log-reader.js';
import { motoConnection, motoReady, uniqueName } from './moto-test-support.test-support.js';

await describeWithService('moto', motoReady, 'LogStreamReader on moto CloudWatch Logs', () => {
  it('returns a stream\'s events in order, each only once, as they are added (the live tail of a running job)', async () => {
    const logs = new CloudWatchLogsClient(clientConfig(motoConnection));
    const group = `/twingraph/test/${uniqueName('g')}`;
    const stream = 'job/default/1';
    const reader = new LogStreamReader(logs, group, stream);
    // Not created yet: a job that has not started has no stream.
    expect(await reader.read()).toEqual([]);
    await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
    const put = (messages: string[]) =>
      logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents: messages.map((message, i) => ({ message, timestamp: Date.now() + i })) }));
    await put(['first', 'second ✓']);
    expect(await reader.read()).toEqual(['first', 'second ✓']);
    expect(await reader.read()).toEqual([]);
    await put(['third', '::twingraph-outputs::{"n":3}']);
    expect(await reader.read()).toEqual(['third', '::twingraph-outputs::{"n":3}']);
    logs.destroy();
  });
});
