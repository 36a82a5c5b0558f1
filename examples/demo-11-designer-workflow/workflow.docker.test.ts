import { execFileSync } from 'node:child_process';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeWithService } from '@twingraph/testing';
import { runCli, tempHome } from '../../packages/twingraph/src/cli/cli-harness.test-support.js';

const WORKFLOW = 'examples/demo-11-designer-workflow/workflow.json';

const imageReady = async (): Promise<boolean> => {
  try {
    execFileSync('docker', ['image', 'inspect', 'twingraph-test-python:latest'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

await describeWithService('docker', imageReady, 'demo 11 with Docker: the docker node runs in its container', () => {
  let home: string;
  let cleanup: () => void;
  beforeEach(() => ({ home, cleanup } = tempHome()));
  afterEach(() => cleanup());

  it('runs create_embeddings in the container and records the image digest', async () => {
    const res = await runCli(['run', WORKFLOW, '--json'], { home, env: { TWINGRAPH_DOCKER: 'on' } });
    expect(res.code).toBe(0);
    const run = JSON.parse(res.stdout) as { runId: string; executions: Array<{ executionId: string; name: string; platform: string }> };
    const embeddings = run.executions.find((e) => e.name === 'create_embeddings')!;
    expect(embeddings.platform).toBe('docker');
    const lineage = await runCli(['lineage', embeddings.executionId, '--depth', '0', '--format', 'json'], { home });
    const vertex = (JSON.parse(lineage.stdout) as { components: Array<{ executionId: string; image?: string; attributes?: Record<string, unknown> }> })
      .components.find((c) => c.executionId === embeddings.executionId)!;
    expect(vertex.image).toBe('twingraph-test-python:latest');
    expect(vertex.attributes?.imageDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(vertex.attributes?.ranLocally).toBeUndefined();
  });
});
