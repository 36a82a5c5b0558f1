import { describe } from 'vitest';

/**
 * Describes a suite that needs an external service (Docker, Redis, PostgreSQL, Gremlin Server, …).
 * `probe` resolves true when the service answers. When it does not: by hand the suite is skipped
 * with a loud reason; in CI (TWINGRAPH_TEST_REQUIRE_SERVICES=1) the suite fails, so a missing service
 * can never pass as green.
 */
export async function describeWithService(
  service: string,
  probe: () => Promise<boolean>,
  name: string,
  body: () => void,
): Promise<void> {
  const available = await probe().catch(() => false);
  if (available) {
    describe(name, body);
    return;
  }
  const hint = `start it with: bash scripts/services/${service}.sh start`;
  if (process.env.TWINGRAPH_TEST_REQUIRE_SERVICES === '1') {
    describe(name, () => {
      throw new Error(`${service} is required (TWINGRAPH_TEST_REQUIRE_SERVICES=1) but is not reachable; ${hint}`);
    });
    return;
  }
  console.warn(`\n⚠️  SKIPPED ${name}: ${service} is not reachable; ${hint}\n`);
  describe.skip(name, body);
}
