/**
 * The texture morph and the texture blur, on the CPU: a linear blend of two painted atlases (exactly
 * the pure textures at 0 and 1) and a Gaussian-like blur (three box passes) that stays inside each
 * part's atlas rectangle, so colours do not bleed between parts.
 */

/** out = a * (1 - t) + b * t per byte; t = 0 gives a and t = 1 gives b exactly. */
export function blendBytes(a: Uint8Array, b: Uint8Array, t: number, out = new Uint8Array(a.length)): Uint8Array {
  if (a.length !== b.length || out.length !== a.length) throw new Error('Texture blend needs arrays of one length.');
  const k = Math.min(1, Math.max(0, t));
  if (k === 0) out.set(a);
  else if (k === 1) out.set(b);
  else for (let i = 0; i < a.length; i++) out[i] = Math.round(a[i] + (b[i] - a[i]) * k);
  return out;
}

/** Box radius for each of three passes approximating a Gaussian of `sigma` texels. */
export function boxRadius(sigma: number): number {
  return Math.max(0, Math.round((Math.sqrt(4 * sigma * sigma + 1) - 1) / 2));
}

function boxRun(src: Uint8Array, dst: Uint8Array, idx: number[], r: number, sums: Float64Array): void {
  const n = idx.length;
  const width = 2 * r + 1;
  for (let c = 0; c < 3; c++) {
    let sum = 0;
    for (let k = -r; k <= r; k++) sum += src[idx[Math.min(n - 1, Math.max(0, k))] * 4 + c];
    for (let k = 0; k < n; k++) {
      sums[k] = sum;
      const add = idx[Math.min(n - 1, k + r + 1)];
      const drop = idx[Math.max(0, k - r)];
      sum += src[add * 4 + c] - src[drop * 4 + c];
    }
    for (let k = 0; k < n; k++) dst[idx[k] * 4 + c] = Math.round(sums[k] / width);
  }
}

/**
 * Blurs RGBA bytes (alpha kept) with a Gaussian-like kernel of `sigma` texels. Runs of texels with the
 * same `partOf` are blurred independently (edges clamp), so each part keeps its own colours.
 */
export function blurWithinParts(data: Uint8Array, size: number, partOf: Int16Array, sigma: number): Uint8Array {
  const out = new Uint8Array(data);
  const r = boxRadius(sigma);
  if (r === 0) return out;
  const tmp = new Uint8Array(data);
  const sums = new Float64Array(size);
  const pass = (horizontal: boolean, src: Uint8Array, dst: Uint8Array) => {
    for (let line = 0; line < size; line++) {
      let run: number[] = [];
      let id = -2;
      const flush = () => {
        if (run.length) boxRun(src, dst, run, r, sums);
        run = [];
      };
      for (let k = 0; k < size; k++) {
        const i = horizontal ? line * size + k : k * size + line;
        if (partOf[i] !== id) {
          flush();
          id = partOf[i];
        }
        run.push(i);
      }
      flush();
    }
  };
  for (let p = 0; p < 3; p++) {
    pass(true, out, tmp);
    pass(false, tmp, out);
  }
  return out;
}
