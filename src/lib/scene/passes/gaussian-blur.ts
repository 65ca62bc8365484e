/**
 * Separable Gaussian blur, the shader the blur, high-pass and background passes share: a horizontal then
 * a vertical draw through a temporary target. Blurs all four channels alike, so it also blurs
 * premultiplied (colour * weight, weight) images.
 */
import type { Texture, WebGLRenderer, WebGLRenderTarget } from 'three';
import { FullscreenShader, type PassTarget } from './fullscreen-shader';
import { MAX_TAPS, gaussianKernel } from './params';

const FRAGMENT = /* glsl */ `
uniform vec2 direction;
uniform float weights[MAX_TAPS + 1];
uniform int taps;
void main() {
  vec2 step = direction / resolution;
  vec4 sum = texture2D(tInput, vUv) * weights[0];
  for (int i = 1; i <= MAX_TAPS; i++) {
    if (i > taps) break;
    vec2 offset = step * float(i);
    sum += (texture2D(tInput, vUv + offset) + texture2D(tInput, vUv - offset)) * weights[i];
  }
  gl_FragColor = sum;
}`;

export class GaussianBlur extends FullscreenShader<{
  direction: { value: number[] };
  weights: { value: Float32Array };
  taps: { value: number };
}> {
  constructor() {
    super(
      'perturber-blur',
      FRAGMENT,
      { direction: { value: [1, 0] }, weights: { value: new Float32Array(MAX_TAPS + 1) }, taps: { value: 0 } },
      { MAX_TAPS }
    );
  }

  /**
   * Blurs `input` with `sigma` (target pixels) into `out`, using `temp` (same size) in between. `input`
   * is read only by the first draw, so `out` may be the target `input` belongs to.
   */
  blur(renderer: WebGLRenderer, input: Texture, temp: WebGLRenderTarget, out: PassTarget, sigma: number): void {
    const kernel = gaussianKernel(sigma);
    this.uniforms.weights.value = kernel.weights;
    this.uniforms.taps.value = kernel.taps;
    this.uniforms.direction.value = [kernel.stride, 0];
    this.render(renderer, input, { ...out, target: temp });
    this.uniforms.direction.value = [0, kernel.stride];
    this.render(renderer, temp.texture, out);
  }
}
