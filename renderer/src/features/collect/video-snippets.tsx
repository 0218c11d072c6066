import type { RecipeOutcome } from '../../../../electron/contract/porter';
import { videoSnippet } from '../../../../electron/contract/video-snippet';
import { CopySnippet } from '../../components/copy-snippet';

/** For each video a recipe gave a variant or poster: the `<video>` markup that serves them, to copy into the page. */
export function VideoSnippets({ outcomes }: { outcomes: RecipeOutcome[] }) {
  const videos = new Map<string, { variant?: string; poster?: string }>();
  for (const outcome of outcomes) {
    if (!outcome.videoOf || outcome.kept) continue;
    const made = videos.get(outcome.videoOf) ?? {};
    // A variant with the original's own name replaced it: the page needs no second source for it.
    if (outcome.videoRole === 'variant' && outcome.sibling) made.variant = outcome.name;
    if (outcome.videoRole === 'poster') made.poster = outcome.name;
    videos.set(outcome.videoOf, made);
  }
  if (videos.size === 0) return null;
  return (
    <section className="video-snippets" aria-label="Video markup" data-testid="video-snippets">
      {[...videos].map(([original, made]) => (
        <details key={original} data-testid="video-snippet">
          <summary>
            HTML for <span className="path">{original}</span>
          </summary>
          <p className="help">
            Collect added {made.variant && made.poster ? 'a smaller copy and a poster frame' : made.poster ? 'a poster frame' : 'a smaller copy'} beside it; pages keep using the original until
            you change them. Replace the page’s video tag with this one, keeping the folder path (or <code>{'{% static %}'}</code> tag) you use for the original:
          </p>
          <CopySnippet snippet={videoSnippet(original, made.variant, made.poster)} label="Copy HTML" testId="video-snippet" />
        </details>
      ))}
    </section>
  );
}
