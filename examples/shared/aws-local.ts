import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { DockerApi } from '@twingraph/executor-aws/stand-in';

const ROOT = resolve(import.meta.dirname, '../..');

/** Settings that point the wired engine at moto (scripts/services/moto.sh) and the local runtime image. */
export const awsLocalEnv = {
  TWINGRAPH_AWS: 'on',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
  TWINGRAPH_AWS_ENDPOINT: process.env['MOTO_ENDPOINT'] ?? 'http://127.0.0.1:5000',
  TWINGRAPH_BATCH_RUNTIME_IMAGE: 'twingraph-aws-runtime:local',
  TWINGRAPH_S3_BUCKET: 'twingraph-examples',
  TWINGRAPH_S3_CREATE_BUCKET: '1',
};

/** moto answers and Docker has the local node test image (the runtime image is built on it). */
export async function awsStandInsReady(): Promise<boolean> {
  const moto = await fetch(`${awsLocalEnv.TWINGRAPH_AWS_ENDPOINT}/moto-api/`, { signal: AbortSignal.timeout(2000) });
  return moto.ok && (await new DockerApi().imageExists('twingraph-test-node:latest'));
}

/** Builds the local runtime image (cached: fast when nothing changed). */
export function buildLocalRuntimeImage(): void {
  execFileSync('bash', [resolve(ROOT, 'packages/executor-aws/runtime-image/build-local.sh')], { stdio: 'pipe' });
}

/** Sets environment variables; returns a function that restores the previous values. */
export function setEnv(values: Record<string, string>): () => void {
  const previous = Object.fromEntries(Object.keys(values).map((key) => [key, process.env[key]]));
  Object.assign(process.env, values);
  return () => {
    for (const [key, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}
