import { useRef, useState } from 'react';
import { fontFaceSrc } from '../../../../electron/contract/font-face-src';

type CopyState = 'idle' | 'copied' | 'select';

/** The @font-face `src` that serves a font's WOFF2 copy, with a button that copies it for the stylesheet. */
export function FontFaceSnippet({ publicPath }: { publicPath: string }) {
  const snippet = fontFaceSrc(publicPath);
  const code = useRef<HTMLElement>(null);
  const [copy, setCopy] = useState<CopyState>('idle');
  const name = publicPath.slice(publicPath.lastIndexOf('/') + 1);

  const copySnippet = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(snippet);
      setCopy('copied');
    } catch {
      // No clipboard access (a browser that refuses it): select the text so the usual copy keys take it.
      const range = document.createRange();
      if (code.current) range.selectNodeContents(code.current);
      window.getSelection()?.removeAllRanges();
      window.getSelection()?.addRange(range);
      setCopy('select');
    }
  };

  return (
    <details className="font-face-snippet" data-testid="font-face-snippet">
      <summary>CSS for the WOFF2 copy</summary>
      <p className="help">
        With a Lossless recipe, collect adds the WOFF2 beside {name}. In your stylesheet's @font-face, replace the src line with this one, keeping the folder path you
        use for {name}:
      </p>
      <code ref={code} data-testid="font-face-src">{snippet}</code>
      <div className="row">
        <button type="button" data-testid="font-face-copy" onClick={() => void copySnippet()}>Copy CSS</button>
        <span role="status" className="help" data-testid="font-face-copy-status">
          {copy === 'copied' ? 'Copied.' : copy === 'select' ? 'Selected: press Ctrl+C (⌘C on a Mac) to copy it.' : ''}
        </span>
      </div>
    </details>
  );
}
