import { useEffect, useRef, useState } from 'react';
import { navigate } from './router.js';
import { useSession } from './session-store.js';

/** Who is signed in, their roles, and sign out; "local mode" when the server runs with auth off. */
export function UserMenu() {
  const session = useSession((s) => s.session);
  const authRequired = useSession((s) => s.authRequired);
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return undefined;
    const close = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);
  const label = session ? session.subject : authRequired ? 'Sign in' : 'Local mode';
  return (
    <div className="user-menu" ref={ref}>
      <button
        type="button"
        className="user-menu-button"
        data-testid="user-menu"
        onClick={() => (session || !authRequired ? setOpen(!open) : navigate('/login'))}
      >
        {label} ▾
      </button>
      {open && (
        <div className="user-menu-list" data-testid="user-menu-list">
          <div className="meta">
            {session ? (
              <>
                Signed in as <strong data-testid="user-name">{session.subject}</strong>
                <br />
                Roles: {session.roles.join(', ')}
                <br />
                Token expires {new Date(session.expiresAt).toLocaleTimeString()}
              </>
            ) : (
              <>Local single-user mode: the server runs with auth off, every request acts as admin.</>
            )}
          </div>
          {session ? (
            <button
              type="button"
              className="button small"
              data-testid="sign-out"
              onClick={() => {
                useSession.getState().signOut();
                setOpen(false);
                navigate('/login');
              }}
            >
              Sign out
            </button>
          ) : (
            <button type="button" className="button small" data-testid="sign-in" onClick={() => { setOpen(false); navigate('/login'); }}>
              Sign in with another account
            </button>
          )}
        </div>
      )}
    </div>
  );
}
