/**
 * A sweep definition in a link: its JSON, UTF-8, base64url-encoded, in one search param ("sweep=…"),
 * next to whatever else the link carries. Read back through validateDefinition, so a link is checked
 * like a file; a link's text is untrusted and never throws.
 */
import { validateDefinition, type DefinitionCheck, type DefinitionContext, type SweepDefinition } from './definition';

export const SWEEP_PARAM = 'sweep';
/** A sweep param longer than this is refused unread (browsers and servers cut long addresses). */
export const MAX_SWEEP_PARAM_LENGTH = 60_000;

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** The param's value: base64url of the definition's compact JSON. */
export function encodeDefinition(def: SweepDefinition): string {
  return toBase64Url(new TextEncoder().encode(JSON.stringify(def)));
}

/** Reads a param value written by encodeDefinition. */
export function decodeDefinition(param: string, context: DefinitionContext = {}): DefinitionCheck {
  if (param.length > MAX_SWEEP_PARAM_LENGTH) {
    return { ok: false, problems: [`The sweep in the link is ${param.length.toLocaleString('en')} characters long; at most ${MAX_SWEEP_PARAM_LENGTH.toLocaleString('en')} are read.`] };
  }
  let raw: unknown;
  try {
    if (!/^[A-Za-z0-9_-]*$/.test(param)) throw new Error('it has characters base64url does not use');
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(fromBase64Url(param)));
  } catch (e) {
    return { ok: false, problems: [`The sweep in the link could not be read (${e instanceof Error ? e.message : String(e)}); it may have been cut short.`] };
  }
  return validateDefinition(raw, context);
}

/** Adds (or replaces) the sweep param in a search string, keeping the others. Returns "?…". */
export function withSweepParam(currentSearch: string, def: SweepDefinition): string {
  const params = new URLSearchParams(currentSearch.startsWith('?') ? currentSearch.slice(1) : currentSearch);
  params.set(SWEEP_PARAM, encodeDefinition(def));
  return `?${params.toString()}`;
}

/** The sweep of a search string: null when it has none, else the check of the one it has. */
export function sweepFromSearch(search: string, context: DefinitionContext = {}): DefinitionCheck | null {
  const params = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  const param = params.get(SWEEP_PARAM);
  return param === null ? null : decodeDefinition(param, context);
}
