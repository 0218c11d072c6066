/** A browser page opened without `porter serve`'s token can't call anything; say how to get a working link. */
export function MissingToken() {
  return (
    <div className="app" data-app-state="no-token">
      <main className="app-main">
        <div className="card" role="alert" data-testid="missing-token">
          <h1>Open Porter from its link</h1>
          <p>
            This tab was opened without Porter’s access link. Close it and open Porter again: Porter opens a new tab with a
            working link. If Porter is already running, use the address it showed when it started, the one after{' '}
            <code>Porter is running at</code>, including its <code>?token=…</code> part.
          </p>
          <p className="muted">The token keeps other web sites in your browser from using Porter.</p>
        </div>
      </main>
    </div>
  );
}
