import { readFileSync } from 'node:fs';
import { graphTracingPipeline } from '../shared/graph-tracing.js';

// ACCEPTANCE.md demo 4: demo 2's components (local platform until the Docker executor lands) run by
// `twingraph worker` processes through Redis. Workers import this module to learn the components.
const attributes = JSON.parse(readFileSync(new URL('./attributes.json', import.meta.url), 'utf8')) as Record<string, string>;

export default graphTracingPipeline({
  pipelineName: 'demo-4-distributed',
  // Workers are used when a Redis URL is known (TWINGRAPH_REDIS_URL or --redis); without one it runs locally.
  pipelineOptions: { queue: { name: 'demo-4' } },
  componentOptions: (name) => (name === 'add' || name === 'multiply' ? { additionalAttributes: attributes } : {}),
});
