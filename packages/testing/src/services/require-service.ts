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
  const available = await probeWithRetries(probe);
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

/**
 * A service that is up can still miss one probe on a loaded machine (CI runs every suite at once), so
 * a failed probe is asked again before the suite is skipped or failed: 3 tries, 2 s apart.
 */
async function probeWithRetries(probe: () => Promise<boolean>, tries = 3, pauseMs = 2000): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    if (await probe().catch(() => false)) return true;
    if (attempt >= tries) return false;
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
}
