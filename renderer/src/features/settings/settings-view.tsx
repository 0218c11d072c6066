import { useEffect } from 'react';
import { useProject, useSettings } from '../../app-stores';
import { ErrorNotice } from '../../components/error-notice';
import { formatBytes } from '../../lib/format';
import { FfmpegSetting } from './ffmpeg-setting';

/** Where Porter keeps things on this machine, and the few actions on them. */
export function SettingsView() {
  const openDemo = useProject((state) => state.openDemo);
  const settings = useSettings((state) => state.settings);
  const error = useSettings((state) => state.error);
  const notice = useSettings((state) => state.notice);
  const load = useSettings((state) => state.load);
  const clear = useSettings((state) => state.clearCache);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section className="card" aria-labelledby="settings-title" data-testid="settings-view">
      <h2 id="settings-title">Settings</h2>
      {error && <ErrorNotice error={error} testId="settings-error" />}
      {notice && (
        <p className="notice notice-ok" role="status" data-testid="settings-notice">
          {notice}
        </p>
      )}
      {settings && (
        <dl className="facts settings-facts">
          <dt>Cache</dt>
          <dd>
            <span className="path" data-testid="settings-cache-dir">{settings.cacheDir}</span> · <span data-testid="settings-cache-bytes">{formatBytes(settings.cacheBytes)}</span>
            <p className="help">Content hashes, savings measurements and recipe outputs, so unchanged files are never processed twice.</p>
            <button type="button" onClick={() => void clear()} data-testid="settings-clear-cache" disabled={settings.cacheBytes === 0}>
              Clear cache
            </button>
          </dd>
          <dt>Remembered answers</dt>
          <dd>
            <span className="path">{settings.configDir}</span>
            <p className="help">Whether Porter may run each project’s Python to ask Django for its sources.</p>
          </dd>
          <dt>Porter’s data</dt>
          <dd>
            <span className="path">{settings.dataDir}</span>
            <p className="help">Your copy of the demo project lives here.</p>
            <button type="button" onClick={() => void openDemo(true)} data-testid="settings-reset-demo">
              Reset and open the demo project
            </button>
          </dd>
          <dt>FFmpeg</dt>
          <dd>
            <FfmpegSetting key={settings.ffmpeg.path ?? ''} />
          </dd>
          <dt>Keys</dt>
          <dd>{settings.keychain.reason}</dd>
          <dt>Appearance</dt>
          <dd>Light or dark follows your system’s setting.</dd>
        </dl>
      )}
    </section>
  );
}
