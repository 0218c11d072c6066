import { useRef, useState } from 'react';

type CopyState = 'idle' | 'copied' | 'select';

/** A snippet to paste into the site, with a button that copies it (or selects it where the clipboard is refused). */
export function CopySnippet({ snippet, label, testId }: { snippet: string; label: string; testId: string }) {
  const code = useRef<HTMLElement>(null);
  const [copy, setCopy] = useState<CopyState>('idle');

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
    <>
      <pre className="snippet">
        <code ref={code} data-testid={`${testId}-code`}>{snippet}</code>
      </pre>
      <div className="row">
        <button type="button" data-testid={`${testId}-copy`} onClick={() => void copySnippet()}>{label}</button>
        <span role="status" className="help" data-testid={`${testId}-copy-status`}>
          {copy === 'copied' ? 'Copied.' : copy === 'select' ? 'Selected: press Ctrl+C (⌘C on a Mac) to copy it.' : ''}
        </span>
      </div>
    </>
  );
}
