/**
 * The page's "Smooth view / Fast models" choice (view-budget.ts), kept in localStorage so that it
 * survives a reload; 'smooth' until the user picks. A sweep does not need it: it pauses the view.
 */
import { VIEW_PRIORITIES, type ViewPriority } from './view-budget';

const KEY = 'perturber.viewPriority';

function stored(): ViewPriority {
  try {
    const v = globalThis.localStorage?.getItem(KEY);
    return VIEW_PRIORITIES.includes(v as ViewPriority) ? (v as ViewPriority) : 'smooth';
  } catch {
    return 'smooth'; // storage blocked: the default, not an error
  }
}

export const viewPriority = $state<{ value: ViewPriority }>({ value: stored() });

export function setViewPriority(value: ViewPriority): void {
  viewPriority.value = value;
  try {
    globalThis.localStorage?.setItem(KEY, value);
  } catch {
    // Not kept across reloads; the choice still holds for this page.
  }
}
