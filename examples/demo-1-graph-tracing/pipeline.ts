import { graphTracingPipeline } from '../shared/graph-tracing.js';

// ACCEPTANCE.md demo 1: add → multiply → 20 × subtract → 0–9 × divide → some averages, all local.
export default graphTracingPipeline({ pipelineName: 'demo-1-graph-tracing' });
