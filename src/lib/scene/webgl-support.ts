/**
 * Whether this browser can draw the 3D scene: three.js needs a WebGL2 context on a page canvas. Checked
 * once, before the Threlte canvas is mounted; without it the page shows the no-WebGL panel instead
 * (models, import and photo subjects still work).
 */

export interface WebGLSupport {
  supported: boolean;
  /** Why not, in plain words (null when supported). */
  reason: string | null;
}

/** Something that makes canvases (the document; replaceable in tests). */
export interface CanvasMaker {
  createElement(tag: 'canvas'): { getContext(kind: string): unknown };
}

type LoseContext = { loseContext(): void };
type GLLike = { getExtension?(name: string): unknown };

/** Tries a WebGL2 context on a throw-away canvas, and releases it at once. */
export function detectWebGL(doc: CanvasMaker | undefined = typeof document === 'undefined' ? undefined : document): WebGLSupport {
  if (!doc) return { supported: false, reason: 'there is no page to draw on' };
  let gl: unknown;
  try {
    gl = doc.createElement('canvas').getContext('webgl2');
  } catch (error) {
    return { supported: false, reason: `creating a WebGL2 context failed (${error instanceof Error ? error.message : String(error)})` };
  }
  if (!gl) {
    let webgl1 = false;
    try {
      webgl1 = !!doc.createElement('canvas').getContext('webgl');
    } catch {
      /* same answer */
    }
    return {
      supported: false,
      reason: webgl1 ? 'this browser offers WebGL 1 only, and the scene needs WebGL 2' : 'this browser has WebGL turned off or does not support it'
    };
  }
  // Browsers allow only a few live contexts: give this one back before the scene makes its own.
  ((gl as GLLike).getExtension?.('WEBGL_lose_context') as LoseContext | null | undefined)?.loseContext();
  return { supported: true, reason: null };
}

/** How to turn WebGL (hardware acceleration) back on, per browser. */
export const ENABLE_WEBGL_STEPS: readonly { browser: string; steps: string }[] = [
  { browser: 'Chrome, Edge', steps: 'Settings → System → "Use graphics acceleration when available" on, then relaunch; check chrome://gpu' },
  { browser: 'Firefox', steps: 'about:config → webgl.disabled = false (and webgl.force-enabled = true on a blocked graphics driver)' },
  { browser: 'Safari', steps: 'Settings → Advanced → "Show features for web developers", then Develop → Feature Flags → WebGL 2.0 on' }
];
