// Keeps bench/RESULTS.md as sections, one per benchmark, each replaced when its benchmark runs again.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const FILE = join(import.meta.dirname, 'RESULTS.md');
const HEADER = '# Benchmark results\n\nRecorded by the scripts in `bench/` (`npm run bench`); each section says the machine and date.\n';

export function updateResults(section, markdown) {
  const text = existsSync(FILE) ? readFileSync(FILE, 'utf8') : HEADER;
  const begin = `<!-- ${section}:begin -->`;
  const end = `<!-- ${section}:end -->`;
  const block = `${begin}\n${markdown}\n${end}`;
  const start = text.indexOf(begin);
  const next = start >= 0 ? text.slice(0, start) + block + text.slice(text.indexOf(end) + end.length) : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(FILE, next);
}
