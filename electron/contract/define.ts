import { z } from 'zod';

/**
 * One operation of the contract: the single place its input and output are declared.
 * The Electron IPC handlers, the preload bridge, the `porter serve` routes and the
 * renderer client are all derived from these declarations.
 */
export interface Operation<I extends z.ZodType, O extends z.ZodType> {
  readonly input: I;
  readonly output: O;
  readonly description: string;
}

export function defineOperation<I extends z.ZodType, O extends z.ZodType>(op: Operation<I, O>): Operation<I, O> {
  return op;
}

/** Errors cross every host boundary as data, never as thrown strings. */
export const errorKinds = ['invalid-input', 'not-found', 'conflict', 'cancelled', 'forbidden', 'failed'] as const;
export const PorterErrorSchema = z.object({
  kind: z.enum(errorKinds),
  message: z.string(),
  /** What the user can do about it. */
  hint: z.string().optional(),
  details: z.array(z.string()).optional(),
});
export type PorterError = z.infer<typeof PorterErrorSchema>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: PorterError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(error: PorterError): Result<never> {
  return { ok: false, error };
}
