/**
 * Whether this browser can draw the 3D scene: three.js needs a WebGL2 context on a page canvas. Checked
 * once, before the Threlte canvas is mounted; without it the page shows the no-WebGL panel instead
 * (models, import and photo subjects still work). It also tells whether WebGL runs in software.
 */

export interface WebGLSupport {
  supported: boolean;
  /** Why not, in plain words (null when supported). */
  reason: string | null;
  /**
   * WebGL runs on the CPU (SwiftShader, llvmpipe, WARP…), as far as the browser says (false when it
   * does not say). The visible view then skips multisampling, which costs it about twice the CPU
   * time there; the model frames keep theirs, so what the models see does not depend on the machine.
   */
  software: boolean;
  /** The graphics driver's name as the browser reports it, or null when it does not. */
  renderer: string | null;
}

/** Names of renderers that draw on the CPU. */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|lavapipe|software|basic render driver/i;

/** Whether a WebGL renderer name (UNMASKED_RENDERER_WEBGL or RENDERER) is a software rasteriser. */
export function isSoftwareRenderer(name: string | null | undefined): boolean {
  return !!name && SOFTWARE_RENDERER.test(name);
}

/** Something that makes canvases (the document; replaceable in tests). */
export interface CanvasMaker {
  createElement(tag: 'canvas'): { getContext(kind: string): unknown };
}

type LoseContext = { loseContext(): void };
type DebugRendererInfo = { UNMASKED_RENDERER_WEBGL: number };
type GLLike = { getExtension?(name: string): unknown; getParameter?(pname: number): unknown; RENDERER?: number };

/** The driver's name: the unmasked one where the browser gives it, else the plain RENDERER string. */
function rendererName(gl: GLLike): string | null {
  try {
    const info = gl.getExtension?.('WEBGL_debug_renderer_info') as DebugRendererInfo | null | undefined;
    const unmasked = info ? gl.getParameter?.(info.UNMASKED_RENDERER_WEBGL) : null;
    if (typeof unmasked === 'string' && unmasked) return unmasked;
    const plain = gl.RENDERER !== undefined ? gl.getParameter?.(gl.RENDERER) : null;
    return typeof plain === 'string' && plain ? plain : null;
  } catch {
    return null; // a browser that refuses to say: treated as hardware
  }
}

/** Tries a WebGL2 context on a throw-away canvas, and releases it at once. */
export function detectWebGL(doc: CanvasMaker | undefined = typeof document === 'undefined' ? undefined : document): WebGLSupport {
  const none = { software: false, renderer: null };
  if (!doc) return { supported: false, reason: 'there is no page to draw on', ...none };
  let gl: unknown;
  try {
    gl = doc.createElement('canvas').getContext('webgl2');
  } catch (error) {
    return { supported: false, reason: `creating a WebGL2 context failed (${error instanceof Error ? error.message : String(error)})`, ...none };
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
      reason: webgl1 ? 'this browser offers WebGL 1 only, and the scene needs WebGL 2' : 'this browser has WebGL turned off or does not support it',
      ...none
    };
  }
  const renderer = rendererName(gl as GLLike);
  // Browsers allow only a few live contexts: give this one back before the scene makes its own.
  try {
    ((gl as GLLike).getExtension?.('WEBGL_lose_context') as LoseContext | null | undefined)?.loseContext();
  } catch {
    // It goes with the garbage collector instead.
  }
  return { supported: true, reason: null, software: isSoftwareRenderer(renderer), renderer };
}

/** How to turn WebGL (hardware acceleration) back on, per browser. */
export const ENABLE_WEBGL_STEPS: readonly { browser: string; steps: string }[] = [
  { browser: 'Chrome, Edge', steps: 'Settings → System → "Use graphics acceleration when available" on, then relaunch; check chrome://gpu' },
  { browser: 'Firefox', steps: 'about:config → webgl.disabled = false (and webgl.force-enabled = true on a blocked graphics driver)' },
  { browser: 'Safari', steps: 'Settings → Advanced → "Show features for web developers", then Develop → Feature Flags → WebGL 2.0 on' }
];
