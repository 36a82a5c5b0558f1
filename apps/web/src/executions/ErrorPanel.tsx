/** Reads `code`, `message`, `hint` from an API error (ClientError) or error data of a run or node. */
function parts(error: unknown): { code: string | undefined; message: string; hint: string | undefined } {
  if (error !== null && typeof error === 'object') {
    const e = error as { code?: unknown; message?: unknown; hint?: unknown };
    return {
      code: typeof e.code === 'string' ? e.code : undefined,
      message: typeof e.message === 'string' ? e.message : JSON.stringify(error),
      hint: typeof e.hint === 'string' ? e.hint : undefined,
    };
  }
  return { code: undefined, message: String(error), hint: undefined };
}

/** An error as the server sent it: code, message and what to do. */
export function ErrorPanel({ error, onRetry, testId = 'error-panel' }: { error: unknown; onRetry?: () => void; testId?: string }) {
  const { code, message, hint } = parts(error);
  return (
    <div className="monitor-error" role="alert" data-testid={testId} data-code={code}>
      <div>
        {code !== undefined && <code className="monitor-error-code">{code}</code>} {message}
      </div>
      {hint !== undefined && <div className="monitor-error-hint">{hint}</div>}
      {onRetry !== undefined && (
        <button type="button" className="button small" onClick={onRetry} data-testid={`${testId}-retry`}>
          Retry
        </button>
      )}
    </div>
  );
}
