/**
 * Errors, and the one codec for errors that cross a worker boundary. Comlink carries them as plain
 * `Error`s; a ModelInputError's code travels at the start of the message in brackets:
 * "[missing-shard] Missing weight file …". Views show the message without the code and keep the code
 * in a `data-error-code` attribute. No TF.js here: the main thread parses errors without loading it.
 */

/** A problem with user input that the UI shows as-is: `message` names the problem. */
export class ModelInputError extends Error {
  constructor(
    message: string,
    readonly code:
      | 'malformed-model-json'
      | 'missing-shard'
      | 'truncated-shard'
      | 'bad-input-shape'
      | 'labels-mismatch'
      | 'bad-labels'
      | 'fetch-failed'
      | 'not-json'
      | 'quota-exceeded'
      | 'too-large'
      | 'download-timeout'
      | 'cancelled'
      | 'load-failed'
      | 'no-model-json'
      | 'unsupported'
      | 'bad-settings'
  ) {
    super(message);
    this.name = 'ModelInputError';
  }
}

export type ErrorCode = ModelInputError['code'];

/** "[code] text" at the start of a message. */
const CODED = /^\s*\[([a-z0-9-]+)\]\s*/i;

/** A readable message for anything thrown (an Error, a string, or a value from across a worker boundary). */
export function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === 'string') return e;
  try {
    return JSON.stringify(e);
  } catch {
    return String(e);
  }
}

/** The ModelInputError code at the start of a message from a worker, or null. */
export function errorCode(message: string): ErrorCode | null {
  const match = CODED.exec(message);
  return match ? (match[1] as ErrorCode) : null;
}

/** A worker error's message without its "[code] " prefix, for display. */
export function errorText(message: string): string {
  return message.replace(CODED, '');
}

export interface ShownError {
  code: string | null;
  message: string;
}

/** What a view shows for anything thrown: the text without its code, and the code (from the text or a `code` field). */
export function shownError(e: unknown): ShownError {
  const raw = e instanceof Error ? e.message : typeof e === 'string' ? e : String(e);
  let code: string | null = null;
  if (e && typeof e === 'object' && typeof (e as { code?: unknown }).code === 'string') code = (e as { code: string }).code;
  const match = CODED.exec(raw);
  if (match) code = match[1];
  const text = match ? raw.slice(match[0].length) : raw;
  return { code, message: text.trim() || 'Something went wrong.' };
}
