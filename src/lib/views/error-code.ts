/**
 * Errors that cross the worker boundary are plain Errors whose message starts with a code in
 * brackets: "[missing-shard] Missing weight file ...". Views show the message without the code and
 * keep the code in a `data-error-code` attribute.
 */
export interface ShownError {
  code: string | null;
  message: string;
}

const CODED = /^\s*\[([a-z0-9-]+)\]\s*/i;

export function shownError(e: unknown): ShownError {
  let text: string;
  let code: string | null = null;
  if (e instanceof Error) text = e.message;
  else if (typeof e === 'string') text = e;
  else text = String(e);
  if (e && typeof e === 'object' && typeof (e as { code?: unknown }).code === 'string') {
    code = (e as { code: string }).code;
  }
  const match = CODED.exec(text);
  if (match) {
    code = match[1];
    text = text.slice(match[0].length);
  }
  return { code, message: text.trim() || 'Something went wrong.' };
}
