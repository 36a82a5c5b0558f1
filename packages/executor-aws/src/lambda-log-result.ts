/**
 * The log lines of an invocation's `LogResult` (base64 of the last 4 KB of its log). Lambda's own
 * START/END/REPORT lines become 'system' lines; a tail that starts mid-line drops that partial line.
 */
export function decodeLogResult(logResult: string | undefined): ['stdout' | 'system', string][] {
  if (logResult === undefined || logResult === '') return [];
  const text = Buffer.from(logResult, 'base64').toString('utf8');
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const truncated = Buffer.byteLength(text) >= 4096 - 4 && !/^START RequestId:/.test(lines[0] ?? '');
  if (truncated) lines.shift();
  const out: ['stdout' | 'system', string][] = truncated ? [['system', '… (earlier log lines: the function\'s CloudWatch log group)']] : [];
  for (const line of lines) {
    const clean = line.replace(/\r$/, '');
    out.push([/^(START|END|REPORT|INIT_START) RequestId:|^INIT_START /.test(clean) ? 'system' : 'stdout', clean]);
  }
  return out;
}
