/**
 * The scene canvas's WebGL context can be lost (a GPU reset or driver update, the browser reclaiming
 * contexts) and restored later. three.js rebuilds its own GL state on restore (programs, textures,
 * environment maps, render targets on their next use); what the scene caches itself is rebuilt by the
 * scene's handlers, and the page says what is going on.
 */

export type GraphicsContextState = 'ok' | 'lost' | 'restored';

/** What the scene shows while the context is lost, and once it is back. */
export const GRAPHICS_CONTEXT_NOTICE: Record<GraphicsContextState, string> = {
  ok: '',
  lost: 'The 3D view lost its graphics context; restoring…',
  restored: 'The 3D view’s graphics context was restored.'
};

/** How long "restored" stays up. */
export const RESTORED_NOTICE_MS = 4000;

/** Listens for the canvas losing and getting back its WebGL context; returns a function that stops listening. */
export function watchGraphicsContext(canvas: HTMLCanvasElement, on: { lost?(): void; restored(): void }): () => void {
  const lost = (event: Event) => {
    // Without preventDefault the browser never restores the context.
    event.preventDefault();
    on.lost?.();
  };
  const restored = () => on.restored();
  canvas.addEventListener('webglcontextlost', lost);
  canvas.addEventListener('webglcontextrestored', restored);
  return () => {
    canvas.removeEventListener('webglcontextlost', lost);
    canvas.removeEventListener('webglcontextrestored', restored);
  };
}
