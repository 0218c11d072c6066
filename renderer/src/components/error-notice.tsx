import type { PorterError } from '../../../electron/contract/define';

/** An error the way the user needs it: what happened, then what to do about it. */
export function ErrorNotice({ error, testId }: { error: PorterError; testId: string }) {
  return (
    <div className="notice notice-error" role="alert" data-testid={testId} data-error-kind={error.kind}>
      <p className="notice-title">{error.message}</p>
      {error.hint && <p>{error.hint}</p>}
      {error.details && error.details.length > 0 && (
        <ul>
          {error.details.map((detail) => (
            <li key={detail}>{detail}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
