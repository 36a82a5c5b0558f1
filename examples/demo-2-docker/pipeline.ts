import { readFileSync } from 'node:fs';
import { graphTracingPipeline } from '../shared/graph-tracing.js';

// ACCEPTANCE.md demo 2: demo 1 with add, multiply, subtract and average in Docker containers (the
// local image built by build-local-image.sh, or your registry's build of ./Dockerfile), divide local,
// and the attributes of attributes.json on A (add) and B (multiply).

/** The image the docker components run in; TWINGRAPH_DEMO2_IMAGE points at another (e.g. your registry's). */
export const DEMO2_IMAGE = process.env['TWINGRAPH_DEMO2_IMAGE'] ?? 'twingraph-demo-2:latest';

/** Classification, Username, Version, Department, Contact: recorded on the A and B vertices. */
export const attributes = JSON.parse(readFileSync(new URL('./attributes.json', import.meta.url), 'utf8')) as Record<string, string>;

export default graphTracingPipeline({
  pipelineName: 'demo-2-docker',
  componentOptions: (name) => ({
    ...(name === 'divide' ? {} : { platform: 'docker' as const, image: DEMO2_IMAGE }),
    ...(name === 'add' || name === 'multiply' ? { additionalAttributes: attributes } : {}),
  }),
});
