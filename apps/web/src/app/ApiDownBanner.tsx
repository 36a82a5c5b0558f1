import { useEffect, useState } from 'react';
import { api } from './api.js';
import { useApiStatus } from './api-status-store.js';

/** Shown while the API does not answer; retries on its own every few seconds and on demand. */
export function ApiDownBanner() {
  const down = useApiStatus((s) => s.down);
  const [checking, setChecking] = useState(false);
  const retry = async () => {
    setChecking(true);
    try {
      await api.health();
    } catch {
      // trackedFetch keeps the banner up with the new reason.
    } finally {
      setChecking(false);
    }
  };
  useEffect(() => {
    if (down === undefined) return undefined;
    const timer = setInterval(() => void retry(), 5000);
    return () => clearInterval(timer);
  }, [down]);
  if (down === undefined) return null;
  return (
    <div className="banner banner-error" role="alert" data-testid="api-down-banner">
      <strong>Cannot reach the TwinGraph server.</strong>
      <span>({down}) Check that `twingraph serve` is running; retrying every 5 s.</span>
      <button type="button" className="button small" onClick={() => void retry()} disabled={checking} data-testid="api-retry">
        {checking ? 'Checking…' : 'Retry now'}
      </button>
    </div>
  );
}
