import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '@twingraph/model';
import { kubernetesExecutorFromEnv } from './kubernetes-wiring.js';

describe('kubernetesExecutorFromEnv', () => {
  it('registers nothing with TWINGRAPH_KUBERNETES=off', () => {
    expect(kubernetesExecutorFromEnv({ TWINGRAPH_KUBERNETES: 'off', TWINGRAPH_KUBECONFIG: '/tmp/k' })).toBeUndefined();
  });

  it('reads the kubeconfig, context and namespace', () => {
    const executor = kubernetesExecutorFromEnv({ TWINGRAPH_KUBECONFIG: '/etc/tg/kubeconfig', TWINGRAPH_KUBERNETES_CONTEXT: 'prod', TWINGRAPH_KUBERNETES_NAMESPACE: 'ml-jobs' });
    expect(executor?.platform).toBe('kubernetes');
    expect(executor?.options.connection).toEqual({ kubeconfigPath: '/etc/tg/kubeconfig', context: 'prod' });
    expect(executor?.options.namespace).toBe('ml-jobs');
  });

  it('registers one with no configuration, which fails clearly when a kubernetes component runs', async () => {
    const executor = kubernetesExecutorFromEnv({ TWINGRAPH_KUBECONFIG: '/nonexistent/kubeconfig' })!;
    await expect(executor.healthCheck()).rejects.toMatchObject({ code: ERROR_CODES.EXECUTOR_NOT_CONFIGURED, hint: expect.stringContaining('TWINGRAPH_KUBECONFIG') });
  });

  it('rejects an unknown mode and a bad namespace, saying what to do', () => {
    expect(() => kubernetesExecutorFromEnv({ TWINGRAPH_KUBERNETES: 'maybe' })).toThrow(expect.objectContaining({ code: ERROR_CODES.INVALID_OPTIONS }));
    expect(() => kubernetesExecutorFromEnv({ TWINGRAPH_KUBERNETES_NAMESPACE: 'Bad_NS' })).toThrow(expect.objectContaining({ code: ERROR_CODES.INVALID_OPTIONS, hint: expect.stringContaining('Lower-case') }));
  });
});
