import { useProject } from '../../app-stores';

/** What a first look at Porter offers: the projects opened before, one click away. */
export function Home() {
  const recent = useProject((state) => state.recent);
  const opening = useProject((state) => state.opening);
  const open = useProject((state) => state.open);
  const openDemo = useProject((state) => state.openDemo);

  return (
    <div className="empty welcome" data-testid="no-project">
      <p>Open a project to see where its static files come from.</p>
      <p className="muted">
        Porter lists every static folder in the order Django searches them, shows which files win, and collects them into your output folder exactly as{' '}
        <code>collectstatic</code> would. Then it measures what each file could save and pushes them to your buckets.
      </p>
      <p>
        <button type="button" className="primary" data-testid="open-demo" disabled={opening} onClick={() => void openDemo(false)}>
          Try the demo project
        </button>
      </p>
      <p className="help">A small Django-shaped shop and blog with photos, CSS and a local environment: every feature works on it without a cloud account.</p>
      {recent.length > 0 && (
        <nav aria-label="Recent projects" className="recent" data-testid="recent-projects">
          <h2>Recent projects</h2>
          <ul>
            {recent.map((path) => (
              <li key={path}>
                <button type="button" className="link" disabled={opening} onClick={() => void open(path)} data-testid="recent-project">
                  <span className="recent-name">{path.split(/[\\/]/).filter(Boolean).at(-1) ?? path}</span>
                  <span className="muted path">{path}</span>
                </button>
              </li>
            ))}
          </ul>
        </nav>
      )}
    </div>
  );
}
