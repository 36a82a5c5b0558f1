import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import { ApiDownBanner } from './ApiDownBanner.js';
import { ErrorBoundary } from './ErrorBoundary.js';
import { NavBar } from './NavBar.js';
import { useRoute, type RoutePattern } from './router.js';
import { useSession } from './session-store.js';
import { Toasts } from './Toasts.js';
import LoginPage from './LoginPage.js';

// Each page is its own chunk: the designer (Monaco) does not load on the dashboard.
const pages: Record<Exclude<RoutePattern, '/login'>, LazyExoticComponent<ComponentType>> = {
  '/': lazy(() => import('../dashboard/DashboardPage.js')),
  '/executions': lazy(() => import('../executions/ExecutionsPage.js')),
  '/executions/:id': lazy(() => import('../executions/ExecutionPage.js')),
  '/executions/diff/:a/:b': lazy(() => import('../executions/RunDiffPage.js')),
  '/lineage': lazy(() => import('../lineage/LineagePage.js')),
  '/designer': lazy(() => import('../designer/DesignerPage.js')),
  '/designer/:workflowId': lazy(() => import('../designer/DesignerPage.js')),
};

function NotFound() {
  const route = useRoute();
  return (
    <div className="page-message" data-testid="not-found">
      <h2>Page not found</h2>
      <p>
        Nothing lives at <code>#{route.path}</code>. <a href="#/">Go to the dashboard</a>.
      </p>
    </div>
  );
}

export function App() {
  const route = useRoute();
  const authRequired = useSession((s) => s.authRequired);
  const session = useSession((s) => s.session);
  const showLogin = route.pattern === '/login' || (authRequired && session === undefined);
  const Page = route.pattern === undefined || route.pattern === '/login' ? NotFound : pages[route.pattern];
  return (
    <div className="app" data-testid="app">
      <NavBar />
      <main className="app-main">
        <ApiDownBanner />
        <ErrorBoundary key={route.pattern ?? route.path}>
          <Suspense fallback={<div className="page-loading" data-testid="page-loading">Loading…</div>}>
            {showLogin ? <LoginPage /> : <Page />}
          </Suspense>
        </ErrorBoundary>
      </main>
      <Toasts />
    </div>
  );
}
