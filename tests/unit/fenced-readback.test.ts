import { describe, expect, it } from 'vitest';
import type { WebGLRenderTarget, WebGLRenderer } from 'three';
import { FencedReadback } from '../../src/lib/scene/fenced-readback';

/** Just enough WebGL2 for the read-back: fences the test signals, buffers that hold a fill value. */
function fakeGl() {
  let nextFill = 1;
  const signalled = new Set<object>();
  const buffers = new Map<object, number>();
  let bound: object | null = null;
  let lost = false;
  const gl = {
    PIXEL_PACK_BUFFER: 1,
    STREAM_READ: 2,
    RGBA: 3,
    UNSIGNED_BYTE: 4,
    SYNC_GPU_COMMANDS_COMPLETE: 5,
    SYNC_STATUS: 6,
    SIGNALED: 7,
    UNSIGNALED: 8,
    createBuffer: () => ({}),
    bindBuffer: (_t: number, b: object | null) => (bound = b),
    bufferData: () => {},
    readPixels: () => buffers.set(bound!, nextFill++),
    fenceSync: () => ({}),
    flush: () => {},
    isContextLost: () => lost,
    getSyncParameter: (s: object) => (signalled.has(s) ? 7 : 8),
    getBufferSubData: (_t: number, _o: number, out: Uint8Array) => out.fill(buffers.get(bound!)!),
    deleteBuffer: (b: object) => buffers.delete(b),
    deleteSync: () => {}
  };
  const fences: object[] = [];
  const original = gl.fenceSync;
  gl.fenceSync = () => {
    const f = original();
    fences.push(f);
    return f;
  };
  let target: unknown = null;
  const renderer = {
    getContext: () => gl,
    getRenderTarget: () => target,
    setRenderTarget: (t: unknown) => (target = t)
  } as unknown as WebGLRenderer;
  return { renderer, signal: (i: number) => signalled.add(fences[i]), lose: () => (lost = true), buffers };
}

const target = {} as WebGLRenderTarget;

function collector() {
  const got: number[] = [];
  const errors: string[] = [];
  return { got, errors, request: { onPixels: (p: Uint8Array) => got.push(p[0]), onError: (e: Error) => errors.push(e.message) } };
}

describe('FencedReadback', () => {
  it('hands pixels on only once their fence has signalled, oldest first, and frees the buffers', () => {
    const gl = fakeGl();
    const rb = new FencedReadback(gl.renderer);
    const c = collector();
    rb.start(target, 2, 2, c.request);
    rb.start(target, 2, 2, c.request);
    rb.poll();
    expect(c.got).toEqual([]);
    gl.signal(1); // the newer one finished first: still wait for the older
    rb.poll();
    expect(c.got).toEqual([]);
    gl.signal(0);
    rb.poll();
    expect(c.got).toEqual([1, 2]);
    expect(rb.pending).toBe(0);
    expect(gl.buffers.size).toBe(0);
  });

  it('gives up a read after its timeout, and every read when the context is lost or on dispose', () => {
    const gl = fakeGl();
    const rb = new FencedReadback(gl.renderer, 0);
    const c = collector();
    rb.start(target, 1, 1, c.request);
    rb.poll();
    expect(c.errors).toEqual(['the GPU did not finish the frame in time']);

    const patient = new FencedReadback(gl.renderer, 60_000);
    patient.start(target, 1, 1, c.request);
    patient.start(target, 1, 1, c.request);
    gl.lose();
    patient.poll();
    expect(c.errors.slice(1)).toEqual(['the WebGL context was lost', 'the WebGL context was lost']);

    const closing = new FencedReadback(fakeGl().renderer);
    closing.start(target, 1, 1, c.request);
    closing.dispose();
    expect(c.errors.at(-1)).toBe('the scene was closed');
    expect(c.got).toEqual([]);
  });

  it('forget (context lost) gives every read up at once without touching the old buffers and fences', () => {
    const gl = fakeGl();
    const rb = new FencedReadback(gl.renderer, 60_000);
    const c = collector();
    rb.start(target, 1, 1, c.request);
    rb.start(target, 1, 1, c.request);
    rb.forget();
    expect(c.errors).toEqual(['the WebGL context was lost', 'the WebGL context was lost']);
    expect(rb.pending).toBe(0);
    // Their GL objects went with the context: nothing is deleted in the restored one.
    expect(gl.buffers.size).toBe(2);
    rb.poll();
    expect(c.got).toEqual([]);
    expect(c.errors).toHaveLength(2);
  });
});
