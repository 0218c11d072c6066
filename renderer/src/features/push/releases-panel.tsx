import { useId, useState } from 'react';
import { usePush } from '../../app-stores';
import { formatBytes } from '../../lib/format';
import { damagedBetween } from './damaged-between';

const kindLabel = { push: 'Push', rollback: 'Rollback', promote: 'Promotion' } as const;

/** The environment's release history, with rollback per release and promotion to another environment. */
export function ReleasesPanel() {
  const releases = usePush((state) => state.releases);
  const loading = usePush((state) => state.loadingReleases);
  const selected = usePush((state) => state.selected);
  const environments = usePush((state) => state.environments?.environments ?? []);
  const busy = usePush((state) => state.busy);
  const ask = usePush((state) => state.ask);
  const others = environments.filter((environment) => environment.name !== selected);
  const [target, setTarget] = useState('');
  const promoteTo = others.some((environment) => environment.name === target) ? target : (others[0]?.name ?? '');
  const id = useId();
  if (!selected) return null;

  return (
    <div className="releases" data-testid="releases">
      <h3>Releases of {selected}</h3>
      {releases.length === 0 ? (
        <p className="muted" data-testid="releases-empty">
          {loading ? 'Reading the release history…' : `No releases yet: the first publish to ${selected} records one.`}
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="releases-table">
            <thead>
              <tr>
                <th scope="col">Release</th>
                <th scope="col">When</th>
                <th scope="col">What</th>
                <th scope="col" className="num">
                  Files
                </th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {releases.map((release) => (
                <tr key={release.id} data-testid="release-row" data-release-id={release.id} data-kind={release.kind ?? 'damaged'} data-current={release.current}>
                  <td className="path">
                    {release.id}
                    {release.current && <span className="badge badge-ok">live</span>}
                    {release.damaged !== null && (
                      <span className="badge badge-warn" data-testid="release-damaged">
                        damaged
                      </span>
                    )}
                  </td>
                  <td>{release.createdAt ? new Date(release.createdAt).toLocaleString() : '—'}</td>
                  <td>
                    {release.kind === null ? (
                      release.damaged
                    ) : (
                      <>
                        {kindLabel[release.kind]}
                        {release.from && ` from ${release.from}`}
                        {release.kind === 'push' && ` · ${release.uploaded} sent (${formatBytes(release.bytesSent)})`}
                      </>
                    )}
                  </td>
                  <td className="num">{release.files ?? '—'}</td>
                  <td>
                    {!release.current && release.damaged === null && (
                      <button
                        type="button"
                        disabled={busy}
                        data-testid="release-rollback"
                        onClick={() => ask({ action: 'rollback', environment: selected, releaseId: release.id, passesDamaged: damagedBetween(releases, release.id) })}
                      >
                        Roll back to this
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {others.length > 0 && releases.length > 0 && (
        <div className="row wrap promote">
          <div className="field">
            <label htmlFor={`${id}-to`}>Promote {selected} to</label>
            <select id={`${id}-to`} data-testid="promote-target" value={promoteTo} onChange={(event) => setTarget(event.target.value)}>
              {others.map((environment) => (
                <option key={environment.name} value={environment.name}>
                  {environment.name}
                </option>
              ))}
            </select>
          </div>
          <button type="button" disabled={busy || !promoteTo} data-testid="promote-button" onClick={() => ask({ action: 'promote', from: selected, to: promoteTo })}>
            Promote
          </button>
        </div>
      )}
    </div>
  );
}
