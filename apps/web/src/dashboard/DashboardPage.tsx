// TODO(WEB-MONITOR): placeholder so the router builds; WEB-MONITOR replaces this page.
export default function DashboardPage() {
  return (
    <div className="page-message" data-testid="placeholder-DashboardPage">
      <h2>DashboardPage</h2>
      <p>Coming soon.</p>
    </div>
  );
}
