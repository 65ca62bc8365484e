/**
 * Seeded noise on the models' square, one noise cell per reference pixel (so a 224-pixel frame gets
 * per-pixel noise and the visible view shows the same pattern): additive Gaussian noise per channel
 * (Box-Muller over a PCG hash), then salt and pepper (a fraction of cells set to black or white).
 * The same seed always gives the same pattern.
 */
import { FullscreenShader } from './fullscreen-shader';
import { FieldPass, type PassContext } from './pass';
import { REFERENCE_SIZE, type ImageSettings } from './params';

const FRAGMENT = /* glsl */ `
uniform float sigma;
uniform float density;
uniform uint seed;
uint pcg(uint v) {
  uint state = v * 747796405u + 2891336453u;
  uint word = ((state >> ((state >> 28u) + 4u)) ^ state) * 277803737u;
  return (word >> 22u) ^ word;
}
float rand(uvec2 cell, uint stream) {
  return (float(pcg(cell.x ^ pcg(cell.y ^ pcg(seed * 8u + stream)))) + 0.5) / 4294967296.0;
}
void main() {
  vec3 c = texture2D(tInput, vUv).rgb;
  uvec2 cell = uvec2(ivec2(floor(squareCoord(vUv) * REFERENCE_SIZE)) + 65536);
  if (sigma > 0.0) {
    for (int ch = 0; ch < 3; ch++) {
      float u1 = rand(cell, uint(2 * ch));
      float u2 = rand(cell, uint(2 * ch + 1));
      c[ch] += sigma * sqrt(-2.0 * log(u1)) * cos(6.28318530718 * u2);
    }
  }
  if (density > 0.0 && rand(cell, 6u) < density) c = vec3(rand(cell, 7u) < 0.5 ? 0.0 : 1.0);
  gl_FragColor = vec4(clamp(c, 0.0, 1.0), 1.0);
}`;

class NoiseShader extends FullscreenShader<{ sigma: { value: number }; density: { value: number }; seed: { value: number } }> {
  constructor() {
    super('perturber-noise', FRAGMENT, { sigma: { value: 0 }, density: { value: 0 }, seed: { value: 0 } }, {
      REFERENCE_SIZE: REFERENCE_SIZE.toFixed(1)
    });
  }

  configure(image: ImageSettings): this {
    this.uniforms.sigma.value = image.noise;
    this.uniforms.density.value = image.saltPepper;
    this.uniforms.seed.value = Math.round(image.seed);
    return this;
  }
}

/** On for Gaussian or salt-and-pepper noise; the seed alone changes nothing. */
export class NoisePass extends FieldPass {
  readonly name = 'noise';
  readonly stage = 'display';
  readonly fields = ['image.noise', 'image.saltPepper'] as const;
  private readonly shader = new NoiseShader();

  run({ renderer, view, input, out }: PassContext): void {
    this.shader.configure(view.state.image).render(renderer, input, out);
  }

  dispose(): void {
    this.shader.dispose();
  }
}
