import { InMemoryJobQueue } from '@twingraph/core';
import { describeJobQueueContract } from './contracts/job-queue.contract.js';

describeJobQueueContract('InMemoryJobQueue', async () => ({ queue: new InMemoryJobQueue() }));
