import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
export default {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapter({ fallback: 'index.html' }),
    // Deep links must resolve offline through the service worker's navigateFallback.
    paths: { relative: false },
    // The PWA plugin registers the service worker (virtual:pwa-register).
    serviceWorker: { register: false }
  }
};
