import { execFileSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { describeWithService } from '@twingraph/testing';
import { expectGraphTracingRun } from '../shared/graph-tracing-checks.js';
import { withTempEngine } from '../shared/temp-engine.js';
import demo, { attributes, DEMO2_IMAGE } from './pipeline.js';

// The wired engine registers the DockerExecutor (TWINGRAPH_DOCKER=on: the probe below found a daemon).
process.env['TWINGRAPH_DOCKER'] = 'on';

/** The daemon answers; the local image is built when missing (build-local-image.sh), as run.sh does. */
async function dockerWithDemoImage(): Promise<boolean> {
  execFileSync('docker', ['info'], { stdio: 'ignore', timeout: 10_000 });
  execFileSync('bash', [new URL('./build-local-image.sh', import.meta.url).pathname], { stdio: 'ignore', timeout: 120_000 });
  return true;
}

function containersLabelled(label: string): string[] {
  return execFileSync('docker', ['ps', '-aq', '--filter', `label=${label}`], { encoding: 'utf8' }).split('\n').filter((l) => l !== '');
}

await describeWithService('docker', dockerWithDemoImage, 'demo 2: Docker', () => {
  it('runs add, multiply, subtract and average in containers, divide locally, with the figures, image, digest and attributes', async () => {
    await withTempEngine(async (engine) => {
      const run = await demo({ seed: 4 }, { engine }); // seed 4: nine divides, so averages are likely
      expect(run.status, JSON.stringify(run.error)).toBe('succeeded');
      const result = run.result!;
      await expectGraphTracingRun(engine.lineageStore!, run.runId, result);
      expect(result.divisions).toHaveLength(9);

      const digest = execFileSync('docker', ['image', 'inspect', DEMO2_IMAGE, '--format', '{{.Id}}'], { encoding: 'utf8' }).trim();
      const graph = (await engine.lineageStore!.getRunGraph(run.runId))!;
      for (const vertex of graph.components) {
        if (vertex.name === 'divide') {
          expect(vertex.platform).toBe('local');
          expect(vertex.image).toBeUndefined();
          continue;
        }
        expect(vertex.platform).toBe('docker');
        expect(vertex.image).toBe(DEMO2_IMAGE);
        expect(vertex.attributes).toMatchObject({ imageDigest: digest, exitCode: 0 });
      }
      const byId = new Map(graph.components.map((v) => [v.executionId, v]));
      for (const id of [result.executions.A, result.executions.B]) {
        expect(byId.get(id)!.attributes).toMatchObject(attributes);
        expect(Object.keys(attributes).sort()).toEqual(['Classification', 'Contact', 'Department', 'Username', 'Version']);
      }
      expect(byId.get(result.executions.C[0]!)!.attributes).not.toHaveProperty('Classification');
      expect(containersLabelled(`twingraph.run=${run.runId}`)).toEqual([]);
    });
  });

  it('removes the containers of a failed and a timed-out run too', async () => {
    const { component, pipeline } = await import('twingraph');
    const crash = component({ name: 'crash', platform: 'docker', image: DEMO2_IMAGE }, () => {
      throw new Error('boom in a container');
    });
    const hang = component({ name: 'hang', platform: 'docker', image: DEMO2_IMAGE, timeoutMs: 1500 }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 60_000));
      return {};
    });
    const run = await withTempEngine(async (engine) => {
      const flow = pipeline({ name: 'demo-2-failures', errorHandler: 'continue' }, async () => {
        await Promise.allSettled([crash({}), hang({})]);
      });
      const run = await flow(undefined, { engine });
      expect(run.status).toBe('failed');
      const graph = (await engine.lineageStore!.getRunGraph(run.runId))!;
      const byName = new Map(graph.components.map((v) => [v.name, v]));
      expect(byName.get('crash')!.error?.message).toContain('boom in a container');
      expect(byName.get('hang')!.error?.code).toBe('ERR_TIMEOUT');
      return run;
    });
    // The engine stops waiting at the timeout; the executor kills and removes the container, and
    // closing the engine waits for that.
    expect(containersLabelled(`twingraph.run=${run.runId}`)).toEqual([]);
  });
});
