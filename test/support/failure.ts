import { GhlError } from '../../server/crm/highlevel/index';

/** The error a promise rejects with, so tests can look at every field; fails when it is no GhlError. */
export async function failure(promise: Promise<unknown>): Promise<GhlError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof GhlError)) throw new Error(`expected a GhlError, got ${String(error)}`);
  return error;
}
