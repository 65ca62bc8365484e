// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
  namespace App {}
  /** package.json's version (+ PERTURBER_BUILD_ID), set by vite.config.ts. */
  const __APP_VERSION__: string;
}
export {};
