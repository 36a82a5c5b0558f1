import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../errors/error-codes.js';
import { validateWorkflow } from '../workflow/validate-workflow.js';
import { componentOptionsSchema } from './component-options.js';
import { parseOptions } from './validate-options.js';

describe('kubernetes platformOptions', () => {
  it('accepts the documented options, camelCase and the original snake_case spellings', () => {
    const options = parseOptions(
      componentOptionsSchema,
      {
        name: 'train',
        platform: 'kubernetes',
        resources: { cpu: '500m', memory: '1Gi' },
        platformOptions: { config: { namespace: 'ml' }, node_selector: { 'kubernetes.io/arch': 'amd64' }, pull_policy: 'IfNotPresent', tolerations: [{ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }], secretEnv: { TOKEN: { secret: 'api', key: 'token' } } },
      },
      'component',
    );
    expect(options.platformOptions).toMatchObject({ config: { namespace: 'ml' } });
  });

  it('rejects bad values with their path, for SDK options and document nodes', () => {
    expect(() => parseOptions(componentOptionsSchema, { platform: 'kubernetes', platformOptions: { namespace: 'ML_Jobs', pullPolicy: 'sometimes' } }, "component 'x'")).toThrow(
      expect.objectContaining({ code: ERROR_CODES.INVALID_OPTIONS, message: expect.stringMatching(/platformOptions\.namespace: a DNS-1123 label[\s\S]*platformOptions\.pullPolicy/) }),
    );
    expect(() => parseOptions(componentOptionsSchema, { platform: 'kubernetes', platformOptions: { nodeSelectr: {} } }, "component 'x'")).toThrow(/nodeSelectr/);
    // Other platforms' options are not checked here.
    expect(() => parseOptions(componentOptionsSchema, { platform: 'docker', platformOptions: { namespace: 'ML_Jobs' } }, "component 'x'")).not.toThrow();
    const result = validateWorkflow({
      apiVersion: 'twingraph/v1',
      kind: 'Workflow',
      metadata: { name: 'k' },
      nodes: [{ id: 'a', type: 'component', platform: 'kubernetes', image: 'python:3.12-slim', language: 'python', code: 'def process(i):\n    return {}', platformOptions: { node_selector: { 'bad key!': 'x' } } }],
      edges: [],
    });
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result.problems)).toContain('platformOptions');
    expect(JSON.stringify(result)).toContain('node_selector');
  });
});
