import { useRoute } from './router.js';
import { UserMenu } from './UserMenu.js';

const links = [
  { to: '/', label: 'Dashboard', testid: 'nav-dashboard', match: (p: string) => p === '/' },
  { to: '/designer', label: 'Designer', testid: 'nav-designer', match: (p: string) => p.startsWith('/designer') },
  { to: '/executions', label: 'Executions', testid: 'nav-executions', match: (p: string) => p.startsWith('/executions') },
  { to: '/lineage', label: 'Lineage', testid: 'nav-lineage', match: (p: string) => p.startsWith('/lineage') },
];

export function NavBar() {
  const route = useRoute();
  return (
    <header className="navbar" data-testid="navbar">
      <a className="brand" href="#/" data-testid="brand">
        <span className="brand-mark" aria-hidden>
          ◆
        </span>
        TwinGraph
      </a>
      <nav className="nav-links">
        {links.map((l) => (
          <a key={l.to} href={`#${l.to}`} data-testid={l.testid} className={l.match(route.path) ? 'nav-link active' : 'nav-link'}>
            {l.label}
          </a>
        ))}
      </nav>
      <div className="navbar-spacer" />
      <UserMenu />
    </header>
  );
}
