import { describe } from 'vitest';
import { missingE2EPrerequisites } from './e2e-paths.js';

/**
 * Describes a browser test suite. Without Chromium, the built CLI or the built web app the suite is
 * skipped with a loud reason by hand, and fails in CI (TWINGRAPH_TEST_REQUIRE_SERVICES=1), so a
 * missing browser can never pass as green (same rule as describeWithService in @twingraph/testing).
 */
export function describeE2E(name: string, body: () => void): void {
  const missing = missingE2EPrerequisites();
  if (missing.length === 0) {
    // One browser and one server per file; several files may run at once on a small machine.
    describe(name, { timeout: 120_000 }, body);
    return;
  }
  const reason = `browser tests need ${missing.join('; ')}`;
  if (process.env['TWINGRAPH_TEST_REQUIRE_SERVICES'] === '1') {
    describe(name, () => {
      throw new Error(`${reason} (required: TWINGRAPH_TEST_REQUIRE_SERVICES=1)`);
    });
    return;
  }
  console.warn(`\n⚠️  SKIPPED ${name}: ${reason}\n`);
  describe.skip(name, body);
}
