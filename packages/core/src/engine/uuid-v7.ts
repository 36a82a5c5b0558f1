import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let offset = POOL_BYTES;
const VARIANT = '89ab';

/**
 * RFC 9562 UUID version 7: a millisecond timestamp followed by random bits. Ids made later sort
 * later, so stores append to their primary-key index instead of writing to random pages (random
 * v4 keys made each SQLite insert slower as the table grew). Random bytes come from a pool.
 */
export function uuidV7(nowMs: number = Date.now()): string {
  if (offset + 10 > POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  const random = pool.toString('hex', offset, offset + 10);
  const variant = VARIANT[pool[offset + 9]! & 0x3]!;
  offset += 10;
  const time = nowMs.toString(16).padStart(12, '0');
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.slice(0, 3)}-${variant}${random.slice(3, 6)}-${random.slice(6, 18)}`;
}
