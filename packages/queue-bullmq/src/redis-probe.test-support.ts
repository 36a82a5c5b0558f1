import { Redis } from 'ioredis';

/** The Redis integration tests use: TWINGRAPH_TEST_REDIS_URL, or the local default of scripts/services/redis.sh. */
export const TEST_REDIS_URL = process.env.TWINGRAPH_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** True when Redis answers PING within a second. */
export async function redisAvailable(url = TEST_REDIS_URL): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}
