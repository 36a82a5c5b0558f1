import { LocalExecutor } from '@twingraph/core';
import { describeExecutorContract } from './contracts/executor.contract.js';
import { localExecutorSpecs } from './fixtures/local-executor-specs.js';

describeExecutorContract('LocalExecutor', async () => ({ executor: new LocalExecutor(), specs: localExecutorSpecs }));
