/**
 * What the smoke lanes do in the page, by what a user sees (a button's name, a field's label), as
 * self-contained functions passed to `evaluate` (WebDriver and BiDi have no Playwright locators).
 * Each returns false while its element is not there yet, so the caller can poll.
 */
import type { EnginePage } from './engines';

export type Action =
  | { kind: 'click'; name: string; exact?: boolean }
  | { kind: 'fill'; label: string; value: string }
  | { kind: 'select'; label: string; value: string }
  | { kind: 'mark-file-input'; label: string };

/** Runs in the page: finds the element by accessible name/label and acts on it. */
export const act = (action: Action): boolean => {
  const nameOf = (el: Element) => (el.getAttribute('aria-label') ?? el.textContent ?? '').replace(/\s+/g, ' ').trim();
  const visible = (el: Element) => (el as HTMLElement).offsetParent !== null || el.getClientRects().length > 0;
  if (action.kind === 'click') {
    const target = [...document.querySelectorAll('button, summary')].find((el) => {
      const n = nameOf(el);
      const matches = action.exact === false ? n.startsWith(action.name) : n === action.name;
      return matches && visible(el) && !(el as HTMLButtonElement).disabled;
    });
    (target as HTMLElement | undefined)?.click();
    return !!target;
  }
  const control = (() => {
    for (const el of document.querySelectorAll('input, select, textarea')) {
      if (el.getAttribute('aria-label') === action.label) return el;
      const label = (el as HTMLInputElement).labels?.[0];
      const own = label ? [...label.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join('') : '';
      if (own.replace(/\s+/g, ' ').trim() === action.label || (label && label.textContent?.trim() === action.label)) return el;
    }
    return null;
  })() as HTMLInputElement | HTMLSelectElement | null;
  if (!control || control.disabled) return false;
  if (action.kind === 'mark-file-input') {
    document.querySelectorAll('[data-smoke-file-input]').forEach((el) => el.removeAttribute('data-smoke-file-input'));
    control.setAttribute('data-smoke-file-input', '');
    return true;
  }
  control.value = action.value;
  control.dispatchEvent(new Event('input', { bubbles: true }));
  control.dispatchEvent(new Event('change', { bubbles: true }));
  return true;
};

/**
 * Polls `probe` in the page until it returns a truthy value; fails naming `what` and the last value
 * (or what `report` returns in the page then).
 */
export async function waitInPage<T, A extends unknown[]>(
  page: EnginePage,
  what: string,
  probe: (...args: A) => T | Promise<T>,
  args: A,
  timeoutMs = 60_000,
  report?: () => unknown
): Promise<Exclude<T, false | null | undefined | '' | 0>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      last = await page.evaluate(probe, ...args);
      if (last) return last as Exclude<T, false | null | undefined | '' | 0>;
    } catch (error) {
      last = error instanceof Error ? error.message : error; // e.g. the page is reloading
    }
    if (Date.now() > deadline) {
      if (report) last = await page.evaluate(report).catch((e: unknown) => String(e));
      throw new Error(`Timed out waiting for ${what}; the page had: ${JSON.stringify(last)}`);
    }
    await new Promise((done) => setTimeout(done, 300));
  }
}

/** Performs `action` once its element is there. */
export async function perform(page: EnginePage, action: Action, timeoutMs = 30_000): Promise<void> {
  await waitInPage(page, JSON.stringify(action), act, [action], timeoutMs);
}

/** What `window.__perturber.models()` says of one model. */
export type ModelState = ReturnType<Window['__perturber']['models']>[number];

/** Every model's status as the test hooks report it (null before the app has started). */
export const modelStates = (): ModelState[] | null => (window.__perturber as Window['__perturber'] | undefined)?.models() ?? null;

/** Waits until `count` models are ready and have each shown a prediction of a scene version after `after`. */
export async function waitForPredictions(page: EnginePage, count: number, after = -1, timeoutMs = 90_000) {
  return waitInPage(
    page,
    `${count} model(s) predicting after scene version ${after}`,
    (n: number, v: number) => {
      const ms = (window.__perturber as Window['__perturber'] | undefined)?.models() ?? [];
      return ms.length === n && ms.every((m) => m.status === 'ready' && m.predictions > 0 && m.shownVersion > v) ? ms : false;
    },
    [count, after],
    timeoutMs,
    modelStates
  );
}
