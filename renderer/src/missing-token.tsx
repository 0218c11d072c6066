/** A browser page opened without `porter serve`'s token can't call anything; say how to get a working link. */
export function MissingToken() {
  return (
    <div className="app" data-app-state="no-token">
      <main className="app-main">
        <div className="card" role="alert" data-testid="missing-token">
          <h1>Open Porter from its link</h1>
          <p>
            This page needs the access link that <code>porter serve</code> printed in your terminal, the line starting with{' '}
            <code>Porter is running at</code>. Open that address, including the <code>?token=…</code> part.
          </p>
          <p className="muted">The token keeps other web sites in your browser from using Porter.</p>
        </div>
      </main>
    </div>
  );
}
