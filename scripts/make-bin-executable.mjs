// tsc writes files 0644; the CLI entry must be executable for `npx twingraph` and npm bin links.
import { chmodSync } from 'node:fs';

chmodSync(new URL('../packages/twingraph/dist/cli/main.js', import.meta.url), 0o755);
