export * from './kubernetes-executor.js';
export * from './kubernetes-executor-options.js';
export { buildJobPlan, type JobPlan } from './job-manifest.js';
export { jobName, labelValue } from './kubernetes-names.js';
export { memoryQuantity, cpuQuantity } from './kubernetes-quantity.js';
