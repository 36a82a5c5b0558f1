import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LambdaStandIn } from './lambda-stand-in.js';
import { ensureMotoBatchQueue, ensureMotoRole } from './moto-admin.js';

/**
 * Serves the local AWS stand-ins for run-local demos (scripts/stand-in.sh starts it): the Lambda
 * Invoke stand-in in front of moto, an IAM role for the functions, a Batch job queue moto runs on
 * Docker, and writes `<dir>/env` with the TWINGRAPH_* / AWS_* settings that point TwinGraph at them.
 * Stops (killing running invocation containers) on SIGTERM / SIGINT.
 */
async function main(): Promise<void> {
  const dir = process.env['TWINGRAPH_AWS_STAND_IN_DIR'];
  if (dir === undefined || dir === '') throw new Error('set TWINGRAPH_AWS_STAND_IN_DIR to the folder for the env file');
  const moto = process.env['MOTO_ENDPOINT'] ?? 'http://127.0.0.1:5000';
  const image = process.env['TWINGRAPH_AWS_RUNTIME_IMAGE'] ?? 'twingraph-aws-runtime:local';
  mkdirSync(dir, { recursive: true });
  const standIn = new LambdaStandIn({ motoEndpoint: moto });
  const endpoint = await standIn.start();
  const roleArn = await ensureMotoRole(moto, 'twingraph-local-runtime');
  const queue = await ensureMotoBatchQueue(moto, 'twingraph-local-queue');
  const env: Record<string, string> = {
    TWINGRAPH_AWS: 'on',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    TWINGRAPH_AWS_ENDPOINT: moto,
    TWINGRAPH_LAMBDA_ENDPOINT: endpoint,
    TWINGRAPH_LAMBDA_IMAGE_URI: image,
    TWINGRAPH_LAMBDA_ROLE_ARN: roleArn,
    TWINGRAPH_BATCH_JOB_QUEUE: queue,
    TWINGRAPH_BATCH_RUNTIME_IMAGE: image,
    TWINGRAPH_S3_BUCKET: 'twingraph-local',
    TWINGRAPH_S3_CREATE_BUCKET: '1',
  };
  writeFileSync(join(dir, 'env'), Object.entries(env).map(([k, v]) => `export ${k}=${v}\n`).join(''));
  console.log(`aws stand-ins ready: Lambda Invoke at ${endpoint}, moto at ${moto}, Batch queue ${queue}`);
  const stop = (): void => {
    void standIn.stop().then(() => {
      console.log('aws stand-ins stopped');
      process.exit(0);
    });
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(`aws stand-ins failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
