// TODO(WEB-MONITOR): placeholder so the router builds; WEB-MONITOR replaces this page.
export default function LineagePage() {
  return (
    <div className="page-message" data-testid="placeholder-LineagePage">
      <h2>LineagePage</h2>
      <p>Coming soon.</p>
    </div>
  );
}
