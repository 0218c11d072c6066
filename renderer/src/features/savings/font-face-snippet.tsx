import { fontFaceSrc } from '../../../../electron/contract/font-face-src';
import { CopySnippet } from '../../components/copy-snippet';

/** The @font-face `src` that serves a font's WOFF2 copy, with a button that copies it for the stylesheet. */
export function FontFaceSnippet({ publicPath }: { publicPath: string }) {
  const name = publicPath.slice(publicPath.lastIndexOf('/') + 1);
  return (
    <details className="font-face-snippet" data-testid="font-face-snippet">
      <summary>CSS for the WOFF2 copy</summary>
      <p className="help">
        With a Lossless recipe, collect adds the WOFF2 beside {name}. In your stylesheet's @font-face, replace the src line with this one, keeping the folder path you
        use for {name}:
      </p>
      <CopySnippet snippet={fontFaceSrc(publicPath)} label="Copy CSS" testId="font-face" />
    </details>
  );
}
