/** Request validation for every route: the shared schemas, and one 400 that names each bad field. */
import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type * as z from 'zod/v4/core';
import { AppError } from '../platform/errors';

type Issue = { path: readonly PropertyKey[]; message: string; code?: string; keys?: readonly string[] };

/** Turns a failed validation into the one error shape, naming each field (an unknown one too). */
export function rejectInvalid(result: { success: boolean; error?: { issues: readonly Issue[] } }): void {
  if (result.success) return;
  const fields: Record<string, string> = {};
  for (const issue of result.error?.issues ?? []) {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys' && issue.keys) {
      for (const key of issue.keys) fields[[...path, key].join('.')] ??= 'This field is not accepted here.';
      continue;
    }
    fields[path.join('.') || 'body'] ??= issue.message;
  }
  throw new AppError(400, 'bad_request', 'Some of the input is not valid.', { fields });
}

/** A validator of one part of the request (`json`, `query`, `param`) whose refusal is a 400 with `fields`. */
export function valid<Target extends keyof ValidationTargets, Schema extends z.$ZodType>(target: Target, schema: Schema) {
  return zValidator(target, schema, rejectInvalid);
}
