import { OutsideError } from '../../server/platform/outside-http';

/** The error a promise rejects with, so tests can look at every field; fails when it is no OutsideError. */
export async function failure(promise: Promise<unknown>): Promise<OutsideError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof OutsideError)) throw new Error(`expected an OutsideError, got ${String(error)}`);
  return error;
}
