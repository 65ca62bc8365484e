/** High-pass: the original minus its Gaussian blur, around mid-grey (original - blur + 0.5). */
import type { Texture } from 'three';
import { FullscreenShader } from './fullscreen-shader';
import { GaussianBlur } from './gaussian-blur';
import { FieldPass, type PassContext } from './pass';
import { highPassSigma } from './params';

const FRAGMENT = /* glsl */ `
uniform sampler2D tBlurred;
void main() {
  vec3 c = texture2D(tInput, vUv).rgb - texture2D(tBlurred, vUv).rgb + 0.5;
  gl_FragColor = vec4(clamp(c, 0.0, 1.0), 1.0);
}`;

class HighPassShader extends FullscreenShader<{ tBlurred: { value: Texture | null } }> {
  constructor() {
    super('perturber-high-pass', FRAGMENT, { tBlurred: { value: null } });
  }
}

export class HighPassPass extends FieldPass {
  readonly name = 'highPass';
  readonly stage = 'display';
  readonly fields = ['image.highPass'] as const;
  private readonly blur = new GaussianBlur();
  private readonly shader = new HighPassShader();

  run({ renderer, view, squareSize, input, out, scratch, at }: PassContext): void {
    const temp = scratch();
    const blurred = scratch(temp);
    this.blur.blur(renderer, input, temp, at(blurred), highPassSigma(view.state.image, squareSize));
    this.shader.uniforms.tBlurred.value = blurred.texture;
    this.shader.render(renderer, input, out);
  }

  dispose(): void {
    this.blur.dispose();
    this.shader.dispose();
  }
}
