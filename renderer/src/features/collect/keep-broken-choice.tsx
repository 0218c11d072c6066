import { useId, useState } from 'react';
import type { BrokenReference } from '../../../../electron/contract/porter';
import { useCollect } from '../../app-stores';

/**
 * A vendor's CSS often names files the vendor never shipped, and Django refuses the whole collect. This offers to go
 * on with exactly the listed references left as they are, and to accept them for good in porter.json.
 */
export function KeepBrokenChoice({ references }: { references: BrokenReference[] }) {
  const keepBrokenAndCollect = useCollect((state) => state.keepBrokenAndCollect);
  const starting = useCollect((state) => state.starting);
  const [remember, setRemember] = useState(false);
  const [dropSourceMaps, setDropSourceMaps] = useState(false);
  const id = useId();
  const sourceMaps = references.filter((reference) => reference.sourceMap).length;
  return (
    <div className="keep-broken" role="group" aria-labelledby={`${id}-title`} data-testid="collect-keep-broken-choice">
      <p id={`${id}-title`}>
        If these files come from a package you don’t edit, Porter can collect anyway: the references above stay exactly as they are, everything else is
        what Django writes.
      </p>
      <label className="check">
        <input type="checkbox" data-testid="collect-keep-remember" checked={remember} onChange={(event) => setRemember(event.target.checked)} />
        <span>
          Remember them in porter.json
          <span className="help">Later collects and publishing keep these same references too; any new broken reference still stops the collect.</span>
        </span>
      </label>
      {sourceMaps > 0 && (
        <label className="check">
          <input type="checkbox" data-testid="collect-keep-drop-maps" checked={dropSourceMaps} onChange={(event) => setDropSourceMaps(event.target.checked)} />
          <span>
            Remove the {sourceMaps === 1 ? 'sourceMappingURL comment' : `${sourceMaps} sourceMappingURL comments`} instead
            <span className="help">The .map file is missing, so browsers’ developer tools would only ask for a file that isn’t there.</span>
          </span>
        </label>
      )}
      <div className="row">
        <button type="button" className="primary" data-testid="collect-keep-broken" disabled={starting} onClick={() => void keepBrokenAndCollect({ remember, dropSourceMaps })}>
          Keep these as they are and collect
        </button>
      </div>
    </div>
  );
}
