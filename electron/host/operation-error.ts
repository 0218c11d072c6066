import type { PorterError } from '../contract/define';

/** Thrown inside the host when an operation fails in a way the user can act on; `call` turns it into a Result. */
export class OperationError extends Error {
  constructor(readonly porterError: PorterError) {
    super(porterError.message);
    this.name = 'OperationError';
  }
}

const fsErrorKinds: Record<string, PorterError['kind']> = {
  ENOENT: 'not-found',
  ENOTDIR: 'invalid-input',
  EACCES: 'forbidden',
  EPERM: 'forbidden',
  EEXIST: 'conflict',
};

/** Anything thrown by the core becomes data the UI can show: the message plus a hint where one helps. */
export function toPorterError(error: unknown): PorterError {
  if (error instanceof OperationError) return error.porterError;
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    const kind = (code ? fsErrorKinds[code] : undefined) ?? 'failed';
    const hint = kind === 'forbidden' ? 'Check that your user account can read and write this folder.' : undefined;
    return hint ? { kind, message: error.message, hint } : { kind, message: error.message };
  }
  return { kind: 'failed', message: String(error) };
}
