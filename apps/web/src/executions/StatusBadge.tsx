/** A run or node status as a coloured badge (colours from app.css). */
export function StatusBadge({ status, testId }: { status: string; testId?: string }) {
  return (
    <span className={`badge status-${status}`} data-testid={testId ?? 'status-badge'} data-status={status}>
      {status}
    </span>
  );
}
