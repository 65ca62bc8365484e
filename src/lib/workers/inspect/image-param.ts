/**
 * Image parameterisations for feature visualisation (after Lucid): a 1/f-scaled Fourier spectrum, or
 * raw pixels; both with ImageNet colour decorrelation and a sigmoid to valid colours. The inverse DFT
 * is written as matrix products (no FFT kernel needed: the wasm backend has none), and a bilinear
 * resampler with its own gradient (gather forward, scatterND backward) provides jitter, scale and
 * rotation on every backend.
 */
import type * as tfTypes from '@tensorflow/tfjs';

type Tf = typeof tfTypes;

/** Square root of the ImageNet colour correlation matrix (Lucid's color_correlation_svd_sqrt). */
const COLOUR_SVD_SQRT = [
  [0.26, 0.09, 0.02],
  [0.27, 0.0, -0.05],
  [0.27, -0.09, 0.03]
];

/** The matrix normalised by its largest column norm, transposed (for rows of RGB times it). */
function colourMatrix(): number[][] {
  const colNorm = [0, 1, 2].map((j) => Math.hypot(...COLOUR_SVD_SQRT.map((row) => row[j])));
  const max = Math.max(...colNorm);
  return [0, 1, 2].map((i) => [0, 1, 2].map((j) => COLOUR_SVD_SQRT[j][i] / max));
}

/** cos and sin of 2 pi k n / size as [size, size] tensors. */
function dftBasis(tf: Tf, size: number): { cos: tfTypes.Tensor2D; sin: tfTypes.Tensor2D } {
  const c = new Float32Array(size * size);
  const s = new Float32Array(size * size);
  for (let k = 0; k < size; k++) {
    for (let n = 0; n < size; n++) {
      const a = (2 * Math.PI * ((k * n) % size)) / size;
      c[k * size + n] = Math.cos(a);
      s[k * size + n] = Math.sin(a);
    }
  }
  return { cos: tf.tensor2d(c, [size, size]), sin: tf.tensor2d(s, [size, size]) };
}

/** Lucid's spectrum scale: 1 / max(|f|, 1 / max(H, W)), times sqrt(H W). */
function spectrumScale(tf: Tf, h: number, w: number): tfTypes.Tensor2D {
  const scale = new Float32Array(h * w);
  const freq = (k: number, n: number) => Math.min(k, n - k) / n;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      scale[y * w + x] = (1 / Math.max(Math.hypot(freq(y, h), freq(x, w)), 1 / Math.max(h, w))) * Math.sqrt(h * w);
    }
  }
  return tf.tensor2d(scale, [h, w]);
}

/** A trainable image of [H, W, 3] colours in (0, 1). Owns variables and constants: dispose() it. */
export class ParameterisedImage {
  readonly variables: tfTypes.Variable[];
  private readonly constants: tfTypes.Tensor[];

  constructor(
    private readonly tf: Tf,
    readonly height: number,
    readonly width: number,
    readonly kind: 'fourier' | 'pixel',
    seed: number
  ) {
    // In tidy so that the initial values (which the variables copy) are freed; variables survive tidy.
    const init = (s: number, shape: number[]) => tf.tidy(() => tf.variable(tf.randomNormal(shape, 0, 0.01, 'float32', s), true));
    this.variables = kind === 'fourier' ? [init(seed, [3, height, width]), init(seed + 1, [3, height, width])] : [init(seed, [height, width, 3])];
    const h = dftBasis(tf, height);
    const w = width === height ? h : dftBasis(tf, width);
    this.constants = kind === 'fourier' ? [h.cos, h.sin, w.cos, w.sin, spectrumScale(tf, height, width)] : [];
    if (kind !== 'fourier') tf.dispose([h.cos, h.sin, w.cos, w.sin]);
    this.constants.push(tf.tensor2d(colourMatrix()));
  }

  /** The image, [H, W, 3] in (0, 1) (differentiable w.r.t. the variables). */
  render(): tfTypes.Tensor3D {
    const tf = this.tf;
    const { height: h, width: w } = this;
    let decorrelated: tfTypes.Tensor;
    if (this.kind === 'fourier') {
      const [cosH, sinH, cosW, sinW, scale, colour] = this.constants as tfTypes.Tensor2D[];
      const re = tf.mul(this.variables[0], scale);
      const im = tf.mul(this.variables[1], scale);
      // Right product over columns: rows of [3H, W] times [W, W].
      const right = (t: tfTypes.Tensor, m: tfTypes.Tensor2D) => tf.reshape(tf.matMul(tf.reshape(t, [3 * h, w]), m), [3, h, w]);
      const a = tf.sub(right(re, cosW), right(im, sinW));
      const b = tf.add(right(re, sinW), right(im, cosW));
      // Left product over rows, as (M^T X)^T = X^T M on [3W, H].
      const left = (t: tfTypes.Tensor, m: tfTypes.Tensor2D) => tf.matMul(tf.reshape(tf.transpose(t, [0, 2, 1]), [3 * w, h]), m);
      const spatialT = tf.sub(left(a, cosH), left(b, sinH)); // [3W, H]: channel, x, y
      const spatial = tf.transpose(tf.reshape(spatialT, [3, w, h]), [2, 1, 0]); // [H, W, 3]
      decorrelated = tf.matMul(tf.reshape(tf.div(spatial, 4 * h * w), [h * w, 3]), colour);
    } else {
      decorrelated = tf.matMul(tf.reshape(this.variables[0], [h * w, 3]), this.constants[0] as tfTypes.Tensor2D);
    }
    return tf.reshape(tf.sigmoid(decorrelated), [h, w, 3]);
  }

  dispose(): void {
    this.tf.dispose([...this.variables, ...this.constants]);
  }
}

export interface Transform {
  /** Radians. */
  angle: number;
  scale: number;
  /** Shift in pixels. */
  dy: number;
  dx: number;
}

/** A random transform: rotation in [-rotateDeg, rotateDeg], scale in [1 - s, 1 + s], shift up to `jitter`. */
export function randomTransform(random: () => number, jitter: number, rotateDeg: number, scale: number): Transform {
  const between = (lo: number, hi: number) => lo + (hi - lo) * random();
  return {
    angle: (between(-rotateDeg, rotateDeg) * Math.PI) / 180,
    scale: between(1 - scale, 1 + scale),
    dy: Math.round(between(-jitter, jitter)),
    dx: Math.round(between(-jitter, jitter))
  };
}

/**
 * Resamples [H, W, 3] colours under `t` (about the centre), bilinearly; outside the image is grey 0.5.
 * Differentiable w.r.t. the image on every backend.
 */
export function transformImage(tf: Tf, image: tfTypes.Tensor3D, t: Transform): tfTypes.Tensor3D {
  const [h, w] = image.shape;
  const n = h * w;
  const idx = new Int32Array(4 * n);
  const wts = new Float32Array(4 * n);
  const cos = Math.cos(t.angle) / t.scale;
  const sin = Math.sin(t.angle) / t.scale;
  const cy = (h - 1) / 2;
  const cx = (w - 1) / 2;
  const at = (y: number, x: number) => (y >= 0 && y < h && x >= 0 && x < w ? y * w + x : n); // n: the grey row
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const oy = y - cy - t.dy;
      const ox = x - cx - t.dx;
      const sy = cos * oy - sin * ox + cy;
      const sx = sin * oy + cos * ox + cx;
      const y0 = Math.floor(sy);
      const x0 = Math.floor(sx);
      const fy = sy - y0;
      const fx = sx - x0;
      const i = y * w + x;
      idx[i] = at(y0, x0);
      idx[n + i] = at(y0, x0 + 1);
      idx[2 * n + i] = at(y0 + 1, x0);
      idx[3 * n + i] = at(y0 + 1, x0 + 1);
      wts[i] = (1 - fy) * (1 - fx);
      wts[n + i] = (1 - fy) * fx;
      wts[2 * n + i] = fy * (1 - fx);
      wts[3 * n + i] = fy * fx;
    }
  }
  const indices = tf.tensor1d(idx, 'int32');
  const weights = tf.tensor2d(wts, [4 * n, 1]);
  // The sampling tensors are saved for the backward pass (the forward pass's tidy disposes the originals).
  const sample = tf.customGrad((...args: (tfTypes.Tensor | tfTypes.GradSaveFunc)[]) => {
    const img = args[0] as tfTypes.Tensor;
    (args[1] as tfTypes.GradSaveFunc)([indices, weights]);
    const rows = tf.concat([tf.reshape(img, [n, 3]), tf.fill([1, 3], 0.5)], 0);
    const taps = tf.mul(tf.gather(rows, indices), weights); // [4n, 3]
    const value = tf.reshape(tf.sum(tf.reshape(taps, [4, n, 3]), 0), [h, w, 3]);
    const gradFunc = (dy: tfTypes.Tensor, saved: tfTypes.Tensor[]) => {
      const [savedIndices, savedWeights] = saved;
      const spread = tf.mul(tf.tile(tf.reshape(dy, [n, 3]), [4, 1]), savedWeights);
      const summed = tf.scatterND(tf.reshape(savedIndices, [4 * n, 1]), spread, [n + 1, 3]);
      return tf.reshape(tf.slice(summed, [0, 0], [n, 3]), [h, w, 3]);
    };
    return { value, gradFunc };
  });
  return sample(image) as tfTypes.Tensor3D;
}
