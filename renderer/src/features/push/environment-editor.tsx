import { useId, useState, type FormEvent } from 'react';
import { usePush } from '../../app-stores';
import { configOf, draftOf, emptyDraft, type Draft } from './environment-draft';

/** Adds or changes an environment in porter.json; keys go to the keychain, never to the file. */
export function EnvironmentEditor() {
  const environments = usePush((state) => state.environments);
  const selected = usePush((state) => state.selected);
  const saveEnvironment = usePush((state) => state.saveEnvironment);
  const saveCredentials = usePush((state) => state.saveCredentials);
  const [draft, setDraft] = useState<Draft | undefined>();
  const [keys, setKeys] = useState({ accessKeyId: '', secretAccessKey: '' });
  const id = useId();
  const current = environments?.environments.find((environment) => environment.name === selected);
  const update = (change: Partial<Draft>) => setDraft((previous) => ({ ...(previous ?? emptyDraft), ...change }));

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (draft && (await saveEnvironment(draft.name.trim(), configOf(draft)))) setDraft(undefined);
  };
  const submitKeys = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (selected && (await saveCredentials(selected, keys.accessKeyId.trim(), keys.secretAccessKey))) setKeys({ accessKeyId: '', secretAccessKey: '' });
  };

  return (
    <div className="environment-editor">
      <div className="row">
        <button type="button" data-testid="environment-add" onClick={() => setDraft({ ...emptyDraft })}>
          Add environment
        </button>
        {current && (
          <button type="button" data-testid="environment-edit" onClick={() => setDraft(draftOf(current.name, current.config))}>
            Edit {current.name}
          </button>
        )}
      </div>
      {draft && (
        <form className="card nested" onSubmit={(event) => void submit(event)} data-testid="environment-form" aria-label="Environment">
          <div className="row wrap">
            <div className="field">
              <label htmlFor={`${id}-name`}>Name</label>
              <input id={`${id}-name`} type="text" data-testid="environment-name" value={draft.name} onChange={(event) => update({ name: event.target.value })} placeholder="staging" required />
            </div>
            <div className="field">
              <label htmlFor={`${id}-type`}>Kind</label>
              <select id={`${id}-type`} data-testid="environment-type" value={draft.type} onChange={(event) => update({ type: event.target.value as Draft['type'] })}>
                <option value="folder">Local folder</option>
                <option value="s3">S3 bucket (AWS or S3-compatible)</option>
              </select>
            </div>
            {draft.type === 'folder' ? (
              <div className="field grow">
                <label htmlFor={`${id}-path`}>Folder (relative to the project)</label>
                <input id={`${id}-path`} type="text" data-testid="environment-path" value={draft.path} onChange={(event) => update({ path: event.target.value })} required />
              </div>
            ) : (
              <>
                <div className="field">
                  <label htmlFor={`${id}-bucket`}>Bucket</label>
                  <input id={`${id}-bucket`} type="text" data-testid="environment-bucket" value={draft.bucket} onChange={(event) => update({ bucket: event.target.value })} required />
                </div>
                <div className="field">
                  <label htmlFor={`${id}-region`}>Region</label>
                  <input id={`${id}-region`} type="text" data-testid="environment-region" value={draft.region} onChange={(event) => update({ region: event.target.value })} />
                </div>
                <div className="field grow">
                  <label htmlFor={`${id}-endpoint`}>Endpoint (S3-compatible stores only)</label>
                  <input id={`${id}-endpoint`} type="text" data-testid="environment-endpoint" value={draft.endpoint} onChange={(event) => update({ endpoint: event.target.value })} placeholder="https://<account>.r2.cloudflarestorage.com" />
                </div>
                <div className="field">
                  <label htmlFor={`${id}-prefix`}>Prefix</label>
                  <input id={`${id}-prefix`} type="text" data-testid="environment-prefix" value={draft.prefix} onChange={(event) => update({ prefix: event.target.value })} />
                </div>
                <div className="field">
                  <label htmlFor={`${id}-profile`}>AWS profile</label>
                  <input id={`${id}-profile`} type="text" value={draft.profile} onChange={(event) => update({ profile: event.target.value })} />
                </div>
                <div className="field">
                  <label htmlFor={`${id}-cf`}>CloudFront distribution</label>
                  <input id={`${id}-cf`} type="text" value={draft.distributionId} onChange={(event) => update({ distributionId: event.target.value })} />
                </div>
                <div className="field grow">
                  <label htmlFor={`${id}-encoding`}>Compression</label>
                  <select
                    id={`${id}-encoding`}
                    data-testid="environment-content-encoding"
                    value={draft.contentEncoding}
                    onChange={(event) => update({ contentEncoding: event.target.value as Draft['contentEncoding'] })}
                    aria-describedby={`${id}-encoding-help`}
                  >
                    <option value="">Upload files as they are (a CDN in front compresses them)</option>
                    <option value="gzip">Upload text files gzip-compressed</option>
                    <option value="br">Upload text files brotli-compressed</option>
                  </select>
                  <p id={`${id}-encoding-help`} className="help">
                    Only for a bucket browsers read directly, with nothing in front that compresses (plain S3 website hosting, R2 without
                    compression rules). Every visitor then gets the compressed bytes: gzip is read by every browser; brotli is smaller but
                    only for sites served over HTTPS.
                  </p>
                </div>
              </>
            )}
            <div className="field grow">
              <label htmlFor={`${id}-url`}>Public URL</label>
              <input id={`${id}-url`} type="text" data-testid="environment-public-url" value={draft.publicUrl} onChange={(event) => update({ publicUrl: event.target.value })} placeholder="https://cdn.example.com/static/" />
            </div>
          </div>
          <div className="row">
            <button type="submit" className="primary" data-testid="environment-save">
              Save to porter.json
            </button>
            <button type="button" onClick={() => setDraft(undefined)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {current?.type === 's3' && environments && (
        <form className="card nested" onSubmit={(event) => void submitKeys(event)} aria-label={`Keys for ${current.name}`} data-testid="credentials-form">
          <p className="help">
            Keys come from this computer’s AWS credentials (environment variables, <code>~/.aws</code> profiles, SSO). {environments.keychain.available ? 'Or keep keys for this environment in your keychain:' : environments.keychain.reason}
          </p>
          {environments.keychain.available && (
            <div className="row wrap">
              <div className="field">
                <label htmlFor={`${id}-key`}>Access key ID</label>
                <input id={`${id}-key`} type="text" autoComplete="off" value={keys.accessKeyId} onChange={(event) => setKeys({ ...keys, accessKeyId: event.target.value })} required />
              </div>
              <div className="field">
                <label htmlFor={`${id}-secret`}>Secret access key</label>
                <input id={`${id}-secret`} type="password" autoComplete="off" value={keys.secretAccessKey} onChange={(event) => setKeys({ ...keys, secretAccessKey: event.target.value })} required />
              </div>
              <button type="submit">Save to keychain</button>
            </div>
          )}
        </form>
      )}
    </div>
  );
}
