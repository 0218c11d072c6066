import { useState, type FormEvent } from 'react';
import { useSettings } from '../../app-stores';
import { ErrorNotice } from '../../components/error-notice';

/** The ffmpeg program Porter runs for video on this machine; ffprobe is taken from beside it. Keyed by the saved path, so the field starts over from it. */
export function FfmpegSetting() {
  const ffmpeg = useSettings((state) => state.settings?.ffmpeg);
  const error = useSettings((state) => state.ffmpegError);
  const save = useSettings((state) => state.saveFfmpeg);
  const [draft, setDraft] = useState(ffmpeg?.path ?? '');

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void save(draft.trim());
  };

  return (
    <form className="ffmpeg-setting" onSubmit={submit} data-testid="settings-ffmpeg">
      <label htmlFor="settings-ffmpeg-path">The ffmpeg program</label>
      <div className="row">
        <input
          id="settings-ffmpeg-path"
          className="path"
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          placeholder="e.g. C:\ffmpeg\bin\ffmpeg.exe or /Applications/ffmpeg/ffmpeg"
          spellCheck={false}
          data-testid="settings-ffmpeg-path"
        />
        <button type="submit" data-testid="settings-ffmpeg-save" disabled={!draft.trim() || draft.trim() === ffmpeg?.path}>
          Use this FFmpeg
        </button>
        {ffmpeg?.path && (
          <button type="button" onClick={() => void save(null)} data-testid="settings-ffmpeg-clear">
            Forget it
          </button>
        )}
      </div>
      <p className="help" data-testid="settings-ffmpeg-status">
        {ffmpeg?.problem ??
          (ffmpeg?.version
            ? `In use: ${ffmpeg.version}.`
            : 'None chosen: Porter uses the FFmpeg a project names in porter.json, the one that comes with Porter, or one installed on this computer. To use another, download FFmpeg from ffmpeg.org, unpack it, and paste the path of its ffmpeg program here; ffprobe must be in the same folder.')}
      </p>
      {error && <ErrorNotice error={error} testId="settings-ffmpeg-error" />}
    </form>
  );
}
