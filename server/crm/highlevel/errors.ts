/** HighLevel's error bodies. */
import { z } from 'zod';

const errorBodySchema = z.looseObject({
  message: z.union([z.string(), z.array(z.string())]).optional(),
  error: z.string().optional(),
  traceId: z.string().optional(),
});

const maxTextLength = 300;

/**
 * Reads HighLevel's error body (`{statusCode, message, error, traceId}`, with `message` an
 * array on a 422) into messages and a trace id; any other body becomes one short message.
 */
export function readErrorBody(
  text: string,
  fallback: string,
): { messages: string[]; traceId?: string } {
  const parsed = errorBodySchema.safeParse(parseJson(text));
  if (parsed.success) {
    const { message, error, traceId } = parsed.data;
    const messages =
      message === undefined ? (error === undefined ? [] : [error]) : [message].flat();
    return {
      messages: messages.length > 0 ? messages : [fallback],
      ...(traceId === undefined ? {} : { traceId }),
    };
  }
  return { messages: [plainText(text) || fallback] };
}

/** A short plain-text reading of a non-JSON body: an HTML page's title, or the text itself. */
function plainText(text: string): string {
  const trimmed = text.trim();
  if (trimmed.startsWith('<')) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(trimmed)?.[1]?.trim();
    return title ?? '';
  }
  return trimmed.slice(0, maxTextLength);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
