/** Every failure, Hono's own refusals included, leaves the server as the one error shape and never as a 500. */
import { describe, expect, it } from 'vitest';
import { HTTPException } from 'hono/http-exception';
import { apiErrorSchema } from '../../shared/api';
import { toAppError } from '../../server/platform/errors';

describe('error mapping', () => {
  it('turns a body Hono cannot parse into a 400 that does not repeat Hono’s text', () => {
    const error = toAppError(new HTTPException(400, { message: 'Malformed JSON in request body' }));
    expect(error.status).toBe(400);
    expect(apiErrorSchema.parse(error.toBody()).error).toMatchObject({ code: 'bad_request', retryable: false });
    expect(error.message).not.toContain('Malformed');
  });

  it('turns an oversized body into a 413', () => {
    expect(toAppError(new HTTPException(413)).toBody().error.code).toBe('payload_too_large');
  });

  it('reveals nothing of an unknown failure', () => {
    const error = toAppError(new Error('token sk-live-123 leaked in a stack'));
    expect(error.status).toBe(500);
    expect(JSON.stringify(error.toBody())).not.toContain('sk-live');
  });
});
