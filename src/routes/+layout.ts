// The app is a client-only PWA: WebGL, workers and IndexedDB have no server side.
export const ssr = false;
export const prerender = true;
