import type { NodeRecord } from '@twingraph/model';
import type { RunSummary } from '@twingraph/core';
import { createStyle, formatDuration, padTable } from './terminal-style.js';

/** The end-of-run table: one row per component name, then failures with their errors. */
export function formatRunReport(summary: RunSummary, nodes: readonly NodeRecord[], colour: boolean): string {
  const s = createStyle(colour);
  const byName = new Map<string, { calls: number; ok: number; failed: number; cached: number; other: number; totalMs: number }>();
  for (const node of nodes) {
    const row = byName.get(node.name) ?? { calls: 0, ok: 0, failed: 0, cached: 0, other: 0, totalMs: 0 };
    row.calls++;
    if (node.status === 'succeeded') row.ok++;
    else if (node.status === 'failed') row.failed++;
    else if (node.status === 'cached') row.cached++;
    else row.other++;
    if (node.startedAt !== undefined && node.completedAt !== undefined) row.totalMs += Date.parse(node.completedAt) - Date.parse(node.startedAt);
    byName.set(node.name, row);
  }
  const rows = [[s.bold('component'), s.bold('calls'), s.bold('ok'), s.bold('failed'), s.bold('cached'), s.bold('other'), s.bold('avg time')]];
  for (const [name, row] of byName) {
    rows.push([name, String(row.calls), s.green(String(row.ok)), row.failed > 0 ? s.red(String(row.failed)) : '0', String(row.cached), String(row.other), formatDuration(row.totalMs / row.calls)]);
  }
  const statusText = summary.status === 'succeeded' ? s.green('succeeded') : summary.status === 'cancelled' ? s.yellow('cancelled') : s.red(summary.status);
  const lines = [
    `Run ${summary.runId} (${summary.pipeline}) ${statusText} in ${formatDuration(summary.durationMs)}: ${nodes.length} component executions`,
    '',
    padTable(rows),
  ];
  const failures = nodes.filter((n) => n.status === 'failed' && n.error !== undefined);
  for (const node of failures.slice(0, 5)) {
    lines.push('', s.red(`✗ ${node.name} (${node.executionId}) after ${node.attempts.length} attempt(s): ${node.error!.message}`));
    if (node.error!.hint !== undefined) lines.push(`  hint: ${node.error!.hint}`);
    if (node.error!.stack !== undefined) lines.push(s.dim(node.error!.stack.split('\n').slice(1, 6).join('\n')));
  }
  if (failures.length > 5) lines.push(s.dim(`… ${failures.length - 5} more failures: twingraph runs show ${summary.runId}`));
  if (summary.error !== undefined && failures.length === 0) {
    lines.push('', s.red(`${summary.error.code}: ${summary.error.message}`));
    if (summary.error.hint !== undefined) lines.push(`  hint: ${summary.error.hint}`);
  }
  if (summary.recordError !== undefined) lines.push('', s.yellow(`warning: some records could not be written: ${summary.recordError.message}`));
  return lines.join('\n');
}
