import { describe, expect, it } from 'vitest';
import { neptuneIamFromEnv } from './default-engine.js';
import { parseStoreTarget } from './store-target.js';

describe('Neptune IAM from the environment', () => {
  it('is on for neptune:// URLs and for wss:// with TWINGRAPH_NEPTUNE_IAM=on, region from AWS_REGION', () => {
    expect(parseStoreTarget('neptune://db.example:8182?region=eu-west-1', 'graph')).toEqual({ kind: 'gremlin', url: 'neptune://db.example:8182?region=eu-west-1' });
    expect(neptuneIamFromEnv('neptune://db.example:8182?region=eu-west-1', { AWS_REGION: 'us-east-1' })).toEqual({ iam: {} });
    expect(neptuneIamFromEnv('neptune://db.example:8182', { AWS_REGION: 'us-east-1' })).toEqual({ iam: { region: 'us-east-1' } });
    expect(neptuneIamFromEnv('wss://db.example:8182/gremlin', {})).toEqual({});
    expect(neptuneIamFromEnv('wss://db.example:8182/gremlin', { TWINGRAPH_NEPTUNE_IAM: 'on', AWS_DEFAULT_REGION: 'ap-south-1' })).toEqual({ iam: { region: 'ap-south-1' } });
    expect(neptuneIamFromEnv('neptune://db.example:8182?region=eu-west-1', { TWINGRAPH_NEPTUNE_IAM: 'off' })).toEqual({ iam: false });
  });
});
