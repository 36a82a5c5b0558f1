import { randomUUID } from 'node:crypto';
import type { AwsConnectionOptions } from './aws-connection.js';

/** moto server started by scripts/services/moto.sh (MOTO_ENDPOINT overrides). */
export const MOTO_ENDPOINT = process.env['MOTO_ENDPOINT'] ?? 'http://127.0.0.1:5000';

/** Test connection to moto: fixed region, dummy keys (moto accepts any). */
export const motoConnection: AwsConnectionOptions = {
  region: 'us-east-1',
  endpoint: MOTO_ENDPOINT,
  credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
};

/** True when moto answers. */
export async function motoReady(): Promise<boolean> {
  const response = await fetch(`${MOTO_ENDPOINT}/moto-api/`, { signal: AbortSignal.timeout(2000) });
  return response.ok;
}

/** A name unique to this test process (buckets: lower case, ≤ 63 characters). */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 13)}`.toLowerCase();
}

/** For `.then(unexpectedSuccess, toErrorData)`: the call was expected to fail. */
export function unexpectedSuccess(): never {
  throw new Error('expected the call to fail, but it succeeded');
}
