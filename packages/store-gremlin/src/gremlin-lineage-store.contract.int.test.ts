import { describeLineageStoreContract, describeWithService } from '@twingraph/testing';
import { gremlinAvailable, isolatedGremlinStore } from './gremlin-test-support.test-support.js';

// Each test gets its own partition (tg_partition + id prefix), so the shared TinkerGraph looks empty to it.
await describeWithService('gremlin', gremlinAvailable, 'GremlinLineageStore (Gremlin Server)', () => {
  describeLineageStoreContract('GremlinLineageStore', () => Promise.resolve(isolatedGremlinStore()));
});
