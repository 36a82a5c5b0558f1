import { graphTracingPipeline } from '../shared/graph-tracing.js';

// ACCEPTANCE.md demo 3: demo 1 with `git: true` on every component, so each vertex carries the
// commit and the author/date of each line of the component's source.
export default graphTracingPipeline({ pipelineName: 'demo-3-git-data', componentOptions: () => ({ git: true }) });
