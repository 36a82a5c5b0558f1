export { startKubernetesStandIn, type KubernetesStandIn, type KubernetesStandInOptions } from './stand-in-server.js';
export type { AdmissionPolicy } from './admission-policy.js';
export { kubeconfigFor, STAND_IN_CONTEXT, type StandInKubeconfig } from './kubeconfig-file.js';
export { validateJob } from './manifest-validation.js';
export { dockerProblem } from './docker-pod-runner.js';
export type { PretendNode } from './pretend-node.js';
