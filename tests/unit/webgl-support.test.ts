import { describe, expect, it } from 'vitest';
import { detectWebGL, type CanvasMaker } from '../../src/lib/scene/webgl-support';

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
    expect(detectWebGL(doc({ webgl2: gl }))).toEqual({ supported: true, reason: null });
    expect(lost).toBe(1);
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
