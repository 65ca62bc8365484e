/**
 * A UrlTarget on the browser's address bar through SvelteKit's shallow routing (replaceState from
 * $app/navigation, so the router's own history state is kept). Call after the app has mounted.
 */
import { replaceState } from '$app/navigation';
import { page } from '$app/state';
import type { UrlTarget } from './scene-state.svelte';

export function browserUrlTarget(): UrlTarget {
  return {
    read: () => window.location.search,
    write: (search) => {
      const url = `${window.location.pathname}${search}${window.location.hash}`;
      try {
        replaceState(url, page.state);
      } catch {
        // Before the router is ready SvelteKit refuses; the plain History API keeps the link shareable.
        history.replaceState(history.state, '', url);
      }
    }
  };
}
