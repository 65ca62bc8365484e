import { describe, expect, it } from 'vitest';
import { detectWebGL, isSoftwareRenderer, type CanvasMaker } from '../../src/lib/scene/webgl-support';

/** A document whose canvases give the contexts in `contexts` (kind -> context or an error to throw). */
function doc(contexts: Record<string, unknown>): CanvasMaker {
  return {
    createElement: () => ({
      getContext: (kind: string) => {
        const c = contexts[kind];
        if (c instanceof Error) throw c;
        return c ?? null;
      }
    })
  };
}

describe('detectWebGL', () => {
  it('finds WebGL2 and gives the test context back at once', () => {
    let lost = 0;
    const gl = { getExtension: (name: string) => (name === 'WEBGL_lose_context' ? { loseContext: () => lost++ } : null) };
    expect(detectWebGL(doc({ webgl2: gl }))).toEqual({ supported: true, reason: null, software: false, renderer: null });
    expect(lost).toBe(1);
  });

  /** A WebGL2 context whose driver is `unmasked` (through WEBGL_debug_renderer_info) or only `plain`. */
  const glNamed = (unmasked: string | null, plain = 'WebKit WebGL') => ({
    RENDERER: 0x1f01,
    getExtension: (name: string) => (name === 'WEBGL_debug_renderer_info' && unmasked !== null ? { UNMASKED_RENDERER_WEBGL: 0x9246 } : null),
    getParameter: (p: number) => (p === 0x9246 ? unmasked : p === 0x1f01 ? plain : null)
  });

  it("tells software WebGL (this machine's SwiftShader, Mesa's llvmpipe) from a GPU by the driver's name", () => {
    const swiftShader = 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)';
    expect(detectWebGL(doc({ webgl2: glNamed(swiftShader) }))).toMatchObject({ supported: true, software: true, renderer: swiftShader });
    expect(detectWebGL(doc({ webgl2: glNamed('llvmpipe (LLVM 15.0.6, 256 bits)') })).software).toBe(true);
    const gpu = 'ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)';
    expect(detectWebGL(doc({ webgl2: glNamed(gpu) }))).toMatchObject({ software: false, renderer: gpu });
  });

  it('falls back to the plain RENDERER string, and counts a browser that says nothing as hardware', () => {
    expect(detectWebGL(doc({ webgl2: glNamed(null, 'Apple GPU') }))).toMatchObject({ software: false, renderer: 'Apple GPU' });
    expect(detectWebGL(doc({ webgl2: glNamed(null, '') }))).toMatchObject({ software: false, renderer: null });
    const throwing = { getExtension: () => { throw new Error('blocked'); } };
    expect(detectWebGL(doc({ webgl2: throwing }))).toMatchObject({ supported: true, software: false, renderer: null });
    expect(isSoftwareRenderer('Microsoft Basic Render Driver')).toBe(true);
    expect(isSoftwareRenderer(null)).toBe(false);
  });

  it('says WebGL is off when no context can be made', () => {
    const r = detectWebGL(doc({}));
    expect(r.supported).toBe(false);
    expect(r.reason).toMatch(/WebGL turned off or does not support it/);
  });

  it('says when only WebGL 1 is there', () => {
    expect(detectWebGL(doc({ webgl: {} })).reason).toMatch(/WebGL 1 only/);
  });

  it('turns a throwing getContext into a reason', () => {
    expect(detectWebGL(doc({ webgl2: new Error('GPU process crashed') })).reason).toMatch(/GPU process crashed/);
  });

  it('has no WebGL without a document (Node)', () => {
    expect(detectWebGL(undefined).supported).toBe(false);
  });
});
