import { useState, type FormEvent } from 'react';
import { describeError } from './toast-store.js';
import { api } from './api.js';
import { navigate, useRoute } from './router.js';
import { useSession } from './session-store.js';

/** `#/login`: exchanges a username + password (or an API key) for a JWT (POST /api/auth/token). */
export default function LoginPage() {
  const route = useRoute();
  const [mode, setMode] = useState<'password' | 'key'>('password');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const r = await api.auth.login(mode === 'password' ? { username, password } : { apiKey });
      useSession.getState().signIn({ token: r.token, subject: r.subject, roles: r.roles, expiresAt: r.expiresAt });
      // Shown in place of a page that got a 401: that page comes back as it was (query included).
      // On #/login itself, go to ?next= or the dashboard.
      if (route.pattern === '/login') {
        const next = route.query.next;
        navigate(next !== undefined && next.startsWith('/') && !next.startsWith('/login') ? next : '/', { replace: true });
      }
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="login" data-testid="login-page">
      <form className="login-card" onSubmit={(e) => void submit(e)}>
        <h2>Sign in to TwinGraph</h2>
        <div className="tabs">
          <button type="button" className={mode === 'password' ? 'tab active' : 'tab'} onClick={() => setMode('password')}>
            Password
          </button>
          <button type="button" className={mode === 'key' ? 'tab active' : 'tab'} onClick={() => setMode('key')} data-testid="login-mode-key">
            API key
          </button>
        </div>
        {mode === 'password' ? (
          <>
            <label htmlFor="login-user">Username</label>
            <input id="login-user" className="input" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} data-testid="login-username" required />
            <label htmlFor="login-password">Password</label>
            <input id="login-password" className="input" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} data-testid="login-password" required />
          </>
        ) : (
          <>
            <label htmlFor="login-key">API key</label>
            <input id="login-key" className="input" type="password" value={apiKey} onChange={(e) => setApiKey(e.target.value)} data-testid="login-api-key" required />
          </>
        )}
        <button type="submit" className="button primary" disabled={busy} data-testid="login-submit">
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        {error !== undefined && (
          <div className="form-error" role="alert" data-testid="login-error">
            {error}
          </div>
        )}
      </form>
    </div>
  );
}
