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
    serviceWorker: { register: false },
    // Content-Security-Policy, as a <meta> in every page ('hash' covers SvelteKit's inline start-up
    // script). The page fetches only its own files and data:/blob: URLs (HDRI backgrounds, glTF
    // subjects); model URLs and the catalogue are fetched by the import worker, whose policy comes
    // from its own response, not from this one.
    csp: {
      mode: 'hash',
      directives: {
        'default-src': ['self'],
        // TF.js compiles its .wasm kernels (WebAssembly only, no JavaScript eval).
        'script-src': ['self', 'wasm-unsafe-eval'],
        'worker-src': ['self'],
        // Svelte writes style attributes; SvelteKit may inline small stylesheets.
        'style-src': ['self', 'unsafe-inline'],
        'img-src': ['self', 'blob:', 'data:'],
        'connect-src': ['self', 'blob:', 'data:'],
        'font-src': ['self'],
        'manifest-src': ['self'],
        'media-src': ['self', 'blob:'],
        'object-src': ['none'],
        'base-uri': ['self'],
        'form-action': ['self']
      }
    }
  }
};
