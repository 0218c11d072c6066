import type { KeyboardEvent } from 'react';
import { useNavigation } from '../../app-stores';
import type { ViewName } from './navigation-store';

const views: { name: ViewName; label: string }[] = [
  { name: 'project', label: 'Project' },
  { name: 'savings', label: 'Savings' },
  { name: 'push', label: 'Push' },
  { name: 'settings', label: 'Settings' },
];

/** The views of an open project, as tabs: arrow keys move between them, as in any tab list. */
export function ViewTabs() {
  const view = useNavigation((state) => state.view);
  const show = useNavigation((state) => state.show);

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>, index: number): void => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    const next = views[(index + step + views.length) % views.length]!;
    show(next.name);
    document.getElementById(`view-tab-${next.name}`)?.focus();
  };

  return (
    <nav className="view-tabs" role="tablist" aria-label="Project views">
      {views.map(({ name, label }, index) => (
        <button
          key={name}
          id={`view-tab-${name}`}
          type="button"
          role="tab"
          aria-selected={view === name}
          aria-controls={`view-panel-${name}`}
          tabIndex={view === name ? 0 : -1}
          data-testid={`view-tab-${name}`}
          onClick={() => show(name)}
          onKeyDown={(event) => onKeyDown(event, index)}
        >
          {label}
        </button>
      ))}
    </nav>
  );
}
