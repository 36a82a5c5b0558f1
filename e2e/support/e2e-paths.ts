import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (e2e/support/../..). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The built CLI that `twingraph serve` runs from (built by `npm run build`). */
export const CLI_MAIN = join(REPO_ROOT, 'packages', 'twingraph', 'dist', 'cli', 'main.js');

/** The built web app the server serves (built by `npm run build`). */
export const WEB_DIST_INDEX = join(REPO_ROOT, 'apps', 'web', 'dist', 'index.html');

/** Debian's Chromium (scripts/services/chromium.sh installs it); TWINGRAPH_CHROMIUM overrides. */
export const CHROMIUM_PATH = process.env['TWINGRAPH_CHROMIUM'] ?? '/usr/bin/chromium';

/** Where each page's screenshot goes (CI keeps the folder as an artifact; the README names it). */
export const SCREENSHOT_DIR = join(REPO_ROOT, 'artifacts', 'screenshots');

/** What the browser tests need that is missing, each with how to get it. */
export function missingE2EPrerequisites(): string[] {
  const missing: string[] = [];
  if (!existsSync(CHROMIUM_PATH)) missing.push(`Chromium at ${CHROMIUM_PATH} (install: bash scripts/services/chromium.sh start)`);
  if (!existsSync(CLI_MAIN)) missing.push(`the built CLI ${CLI_MAIN} (run: npm run build)`);
  if (!existsSync(WEB_DIST_INDEX)) missing.push(`the built web app ${WEB_DIST_INDEX} (run: npm run build)`);
  return missing;
}
